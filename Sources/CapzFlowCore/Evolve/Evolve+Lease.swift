import Foundation

// How lease events change the state.
extension RunState {
    /// A takeover means the previous runner died: whatever it was running is interrupted.
    mutating func applyLeaseTakenOver(at: Date) {
        for id in runningSteps { interrupt(id, at: at, reason: "the runner holding the run stopped") }
    }
}
