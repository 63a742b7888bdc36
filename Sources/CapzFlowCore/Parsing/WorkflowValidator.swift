/// The rules that span several fields: unique ids, known `needs`, no cycles, unique outputs.
struct WorkflowValidator {
    let workflow: Workflow
    let readers: [NodeReader]
    let file: String

    func validate() throws(WorkflowError) {
        try refuseSecretValues()
        var seen: Set<String> = []
        var outputs: [String: String] = [:]
        let params = Set(workflow.params.map(\.name))
        for (index, step) in workflow.steps.enumerated() {
            let reader = readers[index]
            guard seen.insert(step.id).inserted else { throw reader.fail("step id '\(step.id)' is used twice") }
            for output in step.outputs {
                if let other = outputs[output] {
                    throw reader.fail("output '\(output)' is already declared by step '\(other)'; two steps may not declare the same output")
                }
                if params.contains(output) {
                    throw reader.fail("output '\(output)' has the name of a parameter; give it another name")
                }
                if WorkflowNames.looksSecret(output) || workflow.secrets.contains(output) {
                    throw reader.fail("output '\(output)' looks like a secret; outputs are stored with the run, so a secret cannot be one")
                }
                outputs[output] = step.id
            }
        }
        let ids = Set(workflow.steps.map(\.id))
        for (index, step) in workflow.steps.enumerated() {
            for need in step.needs where !ids.contains(need) {
                // In file order, and never the step itself: the same hint every time, and a useful one.
                let others = workflow.steps.map(\.id).filter { $0 != step.id }
                let hint = NodeReader.closest(to: need, in: others).map { " (did you mean '\($0)'?)" } ?? ""
                throw readers[index].fail("step '\(step.id)' needs '\(need)', which is not a step of this workflow\(hint)")
            }
            if step.needs.contains(step.id) { throw readers[index].fail("step '\(step.id)' needs itself") }
        }
        if let cycle = findCycle() {
            throw WorkflowError.invalid(
                file: file, line: readers[workflow.index(of: cycle[0]) ?? 0].line, field: "steps",
                message: "the needs of these steps form a cycle: \(cycle.joined(separator: " -> "))")
        }
    }

    /// Refuses a secret-looking variable given a literal value in an `env:` block: the
    /// workflow text is stored with every run, so the value would be stored in clear.
    private func refuseSecretValues() throws(WorkflowError) {
        let message = { (name: String) in
            "'\(name)' looks like a secret, and the workflow file is stored with every run; "
                + "set it in the environment or an --env-file instead (and list it under requires.env)"
        }
        for item in workflow.env where WorkflowNames.looksSecret(item.name) || workflow.secrets.contains(item.name) {
            throw WorkflowError.invalid(file: file, line: nil, field: "env.\(item.name)", message: message(item.name))
        }
        for (index, step) in workflow.steps.enumerated() {
            for item in step.env where WorkflowNames.looksSecret(item.name) || workflow.secrets.contains(item.name) {
                throw readers[index].fail(message(item.name))
            }
        }
    }

    /// A cycle in the `needs` graph, as the ids along it, or nil when the graph is acyclic.
    private func findCycle() -> [String]? {
        var state: [String: Int] = [:]  // 1 = on the current path, 2 = done
        var path: [String] = []
        func visit(_ id: String) -> [String]? {
            if state[id] == 2 { return nil }
            if state[id] == 1 {
                let start = path.firstIndex(of: id) ?? 0
                return Array(path[start...]) + [id]
            }
            state[id] = 1
            path.append(id)
            for need in workflow.step(id)?.needs ?? [] {
                if let cycle = visit(need) { return cycle }
            }
            path.removeLast()
            state[id] = 2
            return nil
        }
        for step in workflow.steps {
            if let cycle = visit(step.id) { return cycle }
        }
        return nil
    }
}
