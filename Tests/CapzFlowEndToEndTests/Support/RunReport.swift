import Foundation

/// What `capzflow status RUN --json` prints, as far as these tests read it.
struct RunReport: Decodable, Sendable {
    let runId: String
    let workflow: String
    let status: String
    let params: [String: String]?
    let outputs: [String: String]?
    let steps: [StepReport]

    /// The step `id`, if the run has one.
    func step(_ id: String) -> StepReport? {
        steps.first { $0.id == id }
    }
}

/// One element of `steps` in `status --json`.
struct StepReport: Decodable, Sendable {
    let id: String
    let status: String
    let attempts: Int
    let exitCode: Int32?
    let startedAt: String?
    let finishedAt: String?
}

/// One element of `capzflow history --json`.
struct HistoryEntry: Decodable, Sendable {
    let runId: String
    let workflow: String
    let status: String
    let startedAt: String
    let finishedAt: String?
    let params: [String: String]
}

extension JSONDecoder {
    /// A decoder for capzflow's snake_case JSON.
    static let snakeCase: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()
}
