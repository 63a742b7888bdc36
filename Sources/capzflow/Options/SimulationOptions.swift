import ArgumentParser

/// `--simulate`, `--sim-speed`, `--sim-faults`: run against the simulated Azure/Tilt/kubectl world.
struct SimulationFlags: ParsableArguments {
    @Flag(name: .long, help: "Run against the simulated Azure, make, Tilt, kubectl, helm and clusterctl (no cloud needed).")
    var simulate = false

    @Option(name: .long, help: ArgumentHelp("How fast simulated time runs (1 = the default quick pace, 2 = twice as fast).", valueName: "factor"))
    var simSpeed: Double?

    @Option(name: .long, help: ArgumentHelp(
        "Faults to simulate, comma-separated: aks-create-timeout, nsg-delay=D, rule-revert=N, tilt-crash, vnet-delay=D, throttle=N, dns-zone-exists, ilb-delay=D, login-expired, single-control-plane (see docs/capz-guide.md).",
        valueName: "list"))
    var simFaults: String?

    func validate() throws {
        if !simulate, simSpeed != nil || simFaults != nil {
            throw ValidationError("--sim-speed and --sim-faults need --simulate")
        }
        if let simSpeed, !(simSpeed > 0 && simSpeed <= 1_000) {
            throw ValidationError("--sim-speed must be a number above 0 and at most 1000")
        }
    }
}
