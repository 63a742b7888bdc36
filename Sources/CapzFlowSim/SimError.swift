/// What went wrong setting up or reading a simulated world.
///
/// Tool failures are not errors here: a simulated tool that fails answers with a non-zero exit
/// code, as the real one does. These are the problems of the simulator itself.
public enum SimError: Error, CustomStringConvertible, Equatable {
    /// An entry of the fault list is not a fault.
    case invalidFault(String, reason: String)
    /// The speed is not a positive number.
    case invalidSpeed(Double)
    /// `$CAPZFLOW_SIM_WORLD` is not set, so a simulated tool does not know its world.
    case worldFolderUnset
    /// The folder holds no `world.json`.
    case worldMissing(String)
    /// A file of the world could not be read or written.
    case fileSystem(path: String, reason: String)
    /// `world.json` does not decode.
    case corruptWorld(path: String, reason: String)
    /// A line of `calls.jsonl` does not decode.
    case corruptTranscript(path: String, line: Int, reason: String)

    /// What went wrong and what to do about it, in one message.
    public var description: String {
        switch self {
        case .invalidFault(let entry, let reason):
            return "invalid simulated fault '\(entry)': \(reason); accepted: "
                + SimFault.spellings.joined(separator: ", ")
                + " (durations in simulated time: 500ms, 90s, 10m, 1h30m)"
        case .invalidSpeed(let speed):
            return "invalid simulation speed \(speed): give a number above 0 (1 is the default pace, 2 twice as fast, 0.1 slower)"
        case .worldFolderUnset:
            return "CAPZFLOW_SIM_WORLD is not set: the simulated tools need the world folder of a run "
                + "(run them through `capzflow run --simulate` or `capzflow sim exec RUN_ID -- TOOL ARGS...`)"
        case .worldMissing(let folder):
            return "\(folder) holds no simulated world (world.json): start a run with --simulate to create one"
        case .fileSystem(let path, let reason):
            return "cannot use \(path): \(reason)"
        case .corruptWorld(let path, let reason):
            return "the simulated world \(path) is unreadable (\(reason)); start a new run with --simulate"
        case .corruptTranscript(let path, let line, let reason):
            return "line \(line) of the simulated transcript \(path) is unreadable: \(reason)"
        }
    }
}
