// capzflow-bench-seed: fills a state database with copies of one real run, through the store's
// public API (the same createRun/releaseLease calls a runner makes, one transaction each, with
// synchronous=FULL), so `status` and `history` can be timed against a large history.
//
//   capzflow-bench-seed TEMPLATE_DB TEMPLATE_RUN OUT_DB FROM TO
//
// Writes runs FROM..<TO (ids `seed-0000001`, …), each a copy of TEMPLATE_RUN's row and events,
// created one second apart so the history has a well-defined order. Run it again with FROM set to
// the previous TO to grow the same database. Part of bench/run.sh; never part of `swift test`.
import CapzFlowStore
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("capzflow-bench-seed: \(message)\n".utf8))
    exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count == 6, let from = Int(arguments[4]), let to = Int(arguments[5]), from >= 0, to >= from else {
    fail("usage: capzflow-bench-seed TEMPLATE_DB TEMPLATE_RUN OUT_DB FROM TO")
}
let (templatePath, templateRun, outPath) = (arguments[1], arguments[2], arguments[3])

do {
    let template = try EventStore(path: templatePath)
    guard let run = try template.run(templateRun) else { fail("no run \(templateRun) in \(templatePath)") }
    let events = try template.events(of: templateRun)
    guard !events.isEmpty else { fail("run \(templateRun) has no events") }

    let store = try EventStore(path: outPath)
    // A fixed epoch, so a database grown in several calls keeps one order: run i is created at
    // epoch + i seconds, and its events keep their offsets from the template's creation.
    let epoch = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    let pid = getpid()
    let started = Date()
    for index in from..<to {
        let id = String(format: "seed-%07d", index)
        let createdAt = epoch.addingTimeInterval(TimeInterval(index))
        let shift = createdAt.timeIntervalSince(run.createdAt)
        let newRun = NewRun(
            id: id, workflow: run.workflow, workflowPath: run.workflowPath, definition: run.definition,
            definitionHash: run.definitionHash, params: run.params, createdAt: createdAt)
        let newEvents = events.map {
            NewEvent(at: $0.at.addingTimeInterval(shift), type: $0.type, step: $0.step, attempt: $0.attempt,
                     payload: $0.payload)
        }
        let token = UUID().uuidString
        let lease = Lease(
            runId: id, token: token, pid: pid, host: "bench-seed", processStart: 0, acquiredAt: createdAt,
            heartbeatAt: createdAt, expiresAt: createdAt.addingTimeInterval(30))
        let status = RunStatusUpdate(status: run.status, finishedAt: run.finishedAt?.addingTimeInterval(shift))
        try store.createRun(newRun, lease: lease, events: newEvents, status: status)
        try store.releaseLease(runId: id, token: token)
        if (index + 1) % 10_000 == 0 {
            let rate = Double(index + 1 - from) / Date().timeIntervalSince(started)
            FileHandle.standardError.write(Data("  \(index + 1) runs (\(Int(rate)) runs/s)\n".utf8))
        }
    }
    print("\(to - from) runs, \((to - from) * events.count) events written (\(events.count) per run)")
} catch {
    fail("\(error)")
}
