// How lease events change the state.
extension RunState {
    /// A takeover means the previous runner died: whatever it was running is interrupted.
    mutating func applyLeaseTakenOver() {
        for id in runningSteps {
            steps[id]?.status = .interrupted
            steps[id]?.reason = "the runner holding the run stopped"
        }
    }
}
