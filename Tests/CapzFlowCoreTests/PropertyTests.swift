import Foundation
import Testing
@testable import CapzFlowCore

@Suite("Engine properties over random runs")
struct PropertyTests {
    static let seeds: [UInt64] = Array(1...300)

    @Test(
        "no step runs twice at once, a done step never runs again, budgets and backoffs hold, and the run finishes",
        arguments: seeds)
    func invariantsHold(seed: UInt64) {
        var simulation = RunSimulation(seed: seed)
        simulation.run()
        #expect(simulation.violations.isEmpty, "seed \(seed): \(simulation.violations.prefix(5).joined(separator: "\n"))")
    }

    @Test("the random runs cover retries, crashes, probes, signals and both outcomes")
    func runsCoverTheInterestingCases() {
        var seen: Set<String> = []
        var outcomes: Set<RunStatus> = []
        for seed in Self.seeds {
            var simulation = RunSimulation(seed: seed)
            simulation.run()
            seen.formUnion(simulation.seen)
            outcomes.insert(simulation.state.status)
        }
        let expected: Set<String> = [
            "skipped by probe", "retried after backoff", "restarted with a kept deadline", "await completed", "await expired",
            "retry scheduled", "failed for good", "interrupted", "lease taken over", "fresh budget after resume", "step interrupted",
        ]
        #expect(expected.subtracting(seen).isEmpty, "seeds 1...300 never produced: \(expected.subtracting(seen).sorted())")
        #expect(outcomes == [.succeeded, .failed])
    }

    @Test("the same seed gives the same run")
    func deterministic() {
        var first = RunSimulation(seed: 42)
        var second = RunSimulation(seed: 42)
        first.run()
        second.run()
        #expect(first.workflow == second.workflow, "seed 42")
        #expect(first.log == second.log, "seed 42")
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF, "SplitMix64 seed 0")
    }
}
