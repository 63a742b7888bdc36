// capzflow-sim: one executable answering as each simulated tool (az, make, tilt, kubectl, helm,
// clusterctl, envsubst, go, wget, yq, kustomize), chosen by the name it is invoked as (the
// symlinks in a world's bin/), or as `capzflow-sim TOOL ARGS...`. It finds its world in
// $CAPZFLOW_SIM_WORLD and records every call in the world's transcript.

import CapzFlowSim
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

var arguments = Array(CommandLine.arguments.dropFirst())
var tool = URL(fileURLWithPath: CommandLine.arguments.first ?? "capzflow-sim").lastPathComponent
if tool == "capzflow-sim" {
    guard let first = arguments.first, SimulatedWorld.toolNames.contains(first) else {
        ProcessIO.write(
            "usage: capzflow-sim TOOL [ARGS...]   (TOOL: \(SimulatedWorld.toolNames.joined(separator: ", ")))\n"
                + "       or invoke it through a symlink named after the tool; CAPZFLOW_SIM_WORLD names the world folder\n",
            to: STDERR_FILENO)
        exit(2)
    }
    tool = first
    arguments.removeFirst()
}

let environment = ProcessInfo.processInfo.environment
let host: ToolHost
do {
    host = try ToolHost(environment: environment)
} catch {
    ProcessIO.write("capzflow-sim (\(tool)): \(error.description)\n", to: STDERR_FILENO)
    exit(2)
}

SignalWatch.install()
let session = ToolSession(
    tool: tool, arguments: arguments, environment: environment, host: host, startedAt: Date())
session.run()
