// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "capzflow",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "capzflow", targets: ["capzflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Pure model: workflow definitions, events, run state, evolve/decide. No I/O.
        .target(
            name: "CapzFlowCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // The SQLite event store (GRDB on the system libsqlite3).
        .target(
            name: "CapzFlowStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The process calls behind every step (spawn in a new session, pidfd, pipe2, reap), in
        // C: Swift's Glibc module does not expose the GNU functions they need.
        .target(name: "CapzFlowSpawn"),
        // Effects: processes, timeouts, retries, polling, services, signals, leases.
        .target(
            name: "CapzFlowRunner",
            dependencies: [
                "CapzFlowCore",
                "CapzFlowStore",
                "CapzFlowSpawn",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A tiny C program every step runs under: it arms the parent-death signal so a step's
        // process group dies with a runner killed by SIGKILL, and holds the step until the
        // runner has recorded it.
        // Linked statically: it starts for every step, and loading the shared libraries the
        // Swift driver links into every executable was most of its start-up cost. (The
        // linker's warning about dlopen in a static program concerns code the guard never calls.)
        .executableTarget(
            name: "capzflow-guard",
            linkerSettings: [.unsafeFlags(["-static-executable"])]
        ),
        // The simulated Azure / make / Tilt / kubectl / helm / clusterctl world of --simulate.
        .target(
            name: "CapzFlowSim",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // One executable answering as each simulated tool (az, make, tilt, kubectl, helm,
        // clusterctl, envsubst, …), chosen by the name it is called by.
        .executableTarget(name: "capzflow-sim", dependencies: ["CapzFlowSim"]),
        .executableTarget(
            name: "capzflow",
            dependencies: [
                "CapzFlowCore",
                "CapzFlowStore",
                "CapzFlowRunner",
                "CapzFlowSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // bench/run.sh's generator of large histories (100,000 runs), written through the store.
        .executableTarget(name: "capzflow-bench-seed", dependencies: ["CapzFlowStore"], path: "bench/Seed"),
        .testTarget(name: "CapzFlowCoreTests", dependencies: ["CapzFlowCore"]),
        .testTarget(
            name: "CapzFlowStoreTests",
            dependencies: ["CapzFlowStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The guard's own tests drive it through swift-subprocess.
        .testTarget(
            name: "CapzFlowRunnerTests",
            dependencies: [
                "CapzFlowRunner", "CapzFlowCore", "CapzFlowStore",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .testTarget(name: "CapzFlowSimTests", dependencies: ["CapzFlowSim"]),
        .testTarget(name: "CapzFlowEndToEndTests", dependencies: ["CapzFlowStore", "CapzFlowCore", "CapzFlowSim"]),
    ]
)
