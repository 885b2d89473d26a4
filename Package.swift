// swift-tools-version:6.2
// SkyRelay: drone agent, simulated flight controllers and ground control in one package.
// Layout, target graph and dependency direction: docs/architecture.md.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "SkyRelay",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "FleetProtocol", targets: ["FleetProtocol"]),
        .library(name: "MAVLink", targets: ["MAVLink"]),
        .library(name: "MQTTClient", targets: ["MQTTClient"]),
        .library(name: "DroneAgent", targets: ["DroneAgent"]),
        .library(name: "FirmwareSim", targets: ["FirmwareSim"]),
        .executable(name: "drone-agent", targets: ["drone-agent"]),
        .executable(name: "firmware-sim", targets: ["firmware-sim"]),
        .executable(name: "ground-control", targets: ["ground-control"]),
        .executable(name: "groundctl", targets: ["groundctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // Wire contract shared by agent and ground: topics, messages, validation, geo and energy models.
        .target(name: "FleetProtocol", swiftSettings: strict),

        // Deterministic random numbers (SplitMix64) for the simulator at run time and for tests.
        .target(name: "SeededRandom", swiftSettings: strict),

        // MAVLink v2 codec and transports (UDP via SwiftNIO, serial via termios).
        .target(
            name: "MAVLink",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                // SHA-256 for MAVLink 2 message signing.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),

        // The C boundary: libmosquitto through pkg-config. Only MQTTClient imports it.
        .systemLibrary(
            name: "CMosquitto",
            pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),
        .target(
            name: "MQTTClient",
            dependencies: [
                "CMosquitto",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // Companion-computer agent.
        .target(
            name: "DroneAgent",
            dependencies: [
                "FleetProtocol", "MAVLink", "MQTTClient",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SHA-256 of proof-of-delivery photos.
                .product(name: "Crypto", package: "swift-crypto"),
                // Proof photos from a camera's own web server (CAMERA_IMAGE_CAPTURED http:// URLs).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "drone-agent",
            dependencies: [
                "DroneAgent",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // Simulated flight controllers (PX4 SITL stand-in).
        .target(
            name: "FirmwareSim",
            dependencies: [
                "MAVLink", "SeededRandom",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // The cameras' web server (--camera-http-port).
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "firmware-sim/Sources/FirmwareSim",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "firmware-sim",
            dependencies: [
                "FirmwareSim", "MAVLink",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "firmware-sim/Sources/firmware-sim",
            swiftSettings: strict
        ),
        // Benchmark, run in release mode: simulated drones one core keeps in real time.
        .executableTarget(
            name: "firmware-sim-bench",
            dependencies: [
                "FirmwareSim", "MAVLink",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "benchmarks/firmware-sim",
            swiftSettings: strict
        ),

        // Ground control, in layers (docs/architecture.md). Each depends only on layers above it, and
        // GroundStore, GroundLink and GroundHTTP never on one another (they meet in GroundCore):
        //   GroundCore           domain: model, scheduling, ETA, service area, delivery service, and the
        //                        protocols the outer layers implement (store, dispatcher, leadership). No I/O.
        //   GroundObservability  the per-instance Prometheus registry (GroundMetrics).
        //   GroundStore          SQLite (GRDB) and PostgreSQL stores, migrations, retention, leader lock.
        //   GroundLink           MQTT: fleet ingest, dispatcher, relay between instances.
        //   GroundNotify         outbound webhooks: signing, the outbox sender, the alert pager.
        //   GroundAPIModel       the HTTP API's request and response types and JSON coders (server and groundctl).
        //   GroundHTTP           Hummingbird routes, auth, rate limits, SSE, web pages.
        //   GroundControl        assembles the layers into one application (GroundControlApp).
        .target(
            name: "GroundCore",
            dependencies: [
                "FleetProtocol",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "ground/Sources/GroundCore",
            swiftSettings: strict
        ),
        .target(
            name: "GroundObservability",
            dependencies: [.product(name: "Prometheus", package: "swift-prometheus")],
            path: "ground/Sources/GroundObservability",
            swiftSettings: strict
        ),
        .target(
            name: "GroundStore",
            dependencies: [
                "GroundCore", "FleetProtocol",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "ground/Sources/GroundStore",
            swiftSettings: strict
        ),
        .target(
            name: "GroundLink",
            dependencies: [
                "GroundCore", "GroundObservability", "FleetProtocol", "MQTTClient",
                .product(name: "Logging", package: "swift-log"),
                // SHA-256 check of proof-of-delivery photos.
                .product(name: "Crypto", package: "swift-crypto"),
                // UDP endpoints of remote MAVLink sessions.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "ground/Sources/GroundLink",
            swiftSettings: strict
        ),
        .target(
            name: "GroundNotify",
            dependencies: [
                "GroundCore", "GroundObservability",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "ground/Sources/GroundNotify",
            swiftSettings: strict
        ),
        .target(
            name: "GroundAPIModel",
            dependencies: ["GroundCore", "FleetProtocol"],
            path: "ground/Sources/GroundAPIModel",
            swiftSettings: strict
        ),
        .target(
            name: "GroundHTTP",
            dependencies: [
                "GroundCore", "GroundAPIModel", "GroundObservability", "FleetProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "ground/Sources/GroundHTTP",
            swiftSettings: strict
        ),
        .target(
            name: "GroundControl",
            dependencies: [
                "GroundCore", "GroundObservability", "GroundStore", "GroundLink", "GroundNotify", "GroundHTTP",
                "MQTTClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "ground/Sources/GroundControl",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ground-control",
            dependencies: [
                "GroundControl", "GroundCore", "GroundHTTP", "GroundLink", "GroundNotify",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "ground/Sources/ground-control",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "groundctl",
            dependencies: [
                "GroundAPIModel", "GroundCore", "FleetProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "ground/Sources/groundctl",
            swiftSettings: strict
        ),

        // Scheduler benchmark against scipy (results in docs/benchmarks.md).
        .executableTarget(
            name: "scheduler-bench", dependencies: ["GroundCore", "FleetProtocol"], path: "benchmarks/scheduler",
            exclude: ["scipy_reference.py"], swiftSettings: strict),
        // A simulated day of operations under each dispatcher (issue 20); benchmarks/day/run.py drives it.
        .executableTarget(
            name: "day-bench", dependencies: ["GroundCore", "FleetProtocol"], path: "benchmarks/day",
            exclude: ["demand.py", "offline_bound.py", "run.py"], swiftSettings: strict),

        // Telemetry history on PostgreSQL at fleet scale (results in docs/benchmarks.md).
        .executableTarget(
            name: "history-bench",
            dependencies: [
                "GroundCore", "GroundStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "benchmarks/history", exclude: ["run.py"], swiftSettings: strict),

        // The ceiling of the HTTP benchmark: a bare Hummingbird route (benchmarks/http/run.py).
        .executableTarget(
            name: "http-ceiling",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
            ],
            path: "benchmarks/http-ceiling", swiftSettings: strict),

        // A bare MQTTClient in its own process: the Last Will test kills it with SIGKILL; `--cycle` is a
        // whole client life cycle for leak checks (docs/operations.md).
        .executableTarget(
            name: "mqtt-probe", dependencies: ["MQTTClient"], path: "Tests/Executables/mqtt-probe",
            swiftSettings: strict),

        // Shared by every test target: real broker, temp files, child processes.
        .target(
            name: "TestSupport",
            dependencies: ["SeededRandom", .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
            path: "Tests/TestSupport",
            swiftSettings: strict
        ),

        // Fuzzing (docs/fuzzing.md): the target bodies live once in SkyRelayFuzzing and run from libFuzzer
        // executables (scripts/fuzz), from the same executables as a mutation harness, and from FuzzTests.
        .systemLibrary(name: "CLibFuzzer", path: "Tests/Fuzz/CLibFuzzer"),
        .target(
            name: "SkyRelayFuzzing",
            dependencies: [
                "FleetProtocol", "MAVLink", "GroundCore", "GroundStore", "GroundHTTP", "GroundObservability",
                "CLibFuzzer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            path: "Tests/Fuzz/SkyRelayFuzzing",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "fuzz-mavlink-parser", dependencies: ["SkyRelayFuzzing"],
            path: "Tests/Fuzz/Executables/fuzz-mavlink-parser", swiftSettings: strict),
        .executableTarget(
            name: "fuzz-fleet-protocol", dependencies: ["SkyRelayFuzzing"],
            path: "Tests/Fuzz/Executables/fuzz-fleet-protocol", swiftSettings: strict),
        .executableTarget(
            name: "fuzz-ground-http", dependencies: ["SkyRelayFuzzing"],
            path: "Tests/Fuzz/Executables/fuzz-ground-http", swiftSettings: strict),

        .testTarget(name: "FleetProtocolTests", dependencies: ["FleetProtocol", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "FuzzTests", dependencies: ["SkyRelayFuzzing", "MAVLink", "FleetProtocol", "TestSupport"],
            swiftSettings: strict),
        .testTarget(name: "MAVLinkTests", dependencies: ["MAVLink", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "MQTTClientTests", dependencies: ["MQTTClient", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "FirmwareSimTests", dependencies: ["FirmwareSim", "FleetProtocol", "MAVLink", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "DroneAgentTests",
            dependencies: [
                "DroneAgent", "FleetProtocol", "MQTTClient", "MAVLink", "TestSupport",
                // SHA-256 of the photos the tests compare.
                .product(name: "Crypto", package: "swift-crypto"),
            ], swiftSettings: strict
        ),
        // Ground's pure domain (model, scheduling, ETA, analytics): no broker, database or server.
        .testTarget(
            name: "GroundCoreTests",
            dependencies: [
                "GroundCore", "FleetProtocol", "TestSupport",
                // The agent's acceptance check, to prove the scheduler plans with the same energy model.
                "DroneAgent",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GroundControlTests",
            dependencies: [
                "GroundControl", "GroundCore", "GroundObservability", "GroundStore", "GroundLink", "GroundNotify",
                "GroundHTTP", "GroundAPIModel", "FleetProtocol", "MQTTClient", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
    ]
)
