import FirmwareSim
import MAVLink
import NIOCore
import NIOPosix

/// One measurement: `count` vehicles for `window` seconds after `warmup`.
struct BenchmarkRun {
    let count: Int
    let positionRate: Double
    let warmup: Double
    let window: Double
    let airborne: Bool

    func measure() async throws -> RunSample {
        var configuration = SimulatorConfiguration(
            homes: StartPositions.around(
                SimGeoPoint(latitude: 47.397742, longitude: 8.545594, altitude: 488), count: count, radius: 2000,
                seed: 1)
        )
        configuration.basePort = 0
        configuration.remoteBasePort = nil
        configuration.rates = StreamRates(positionRate: positionRate)
        let simulator = try await Simulator.start(configuration)
        let sink = try await TelemetrySink.start()
        do {
            // Each vehicle answers whoever talked to it last: one heartbeat from the sink is enough.
            try await sink.greet(simulator.endpoints)
            if airborne {
                // Arm and take off, twice over the first seconds: the first GPS fix may still be coming,
                // and a command datagram may be dropped by a full socket buffer.
                for _ in 0..<3 {
                    try await Task.sleep(for: .seconds(1))
                    try await sink.launch(simulator.endpoints)
                }
            }
            try await Task.sleep(for: .seconds(warmup))
            let start = try await Snapshot.take(simulator, sink)
            try await Task.sleep(for: .seconds(window))
            let end = try await Snapshot.take(simulator, sink)
            var flying = 0
            for index in simulator.endpoints.indices where try await !simulator.vehicle(index).landed { flying += 1 }
            try await sink.shutdown()
            try await simulator.shutdown()
            return RunSample(count: count, start: start, end: end, airborne: flying)
        } catch {
            try? await sink.shutdown()
            try? await simulator.shutdown()
            throw error
        }
    }
}

/// Counters at one instant of a run.
struct Snapshot {
    let wall: ContinuousClock.Instant
    let statistics: SimulatorStatistics
    let received: Int

    static func take(_ simulator: Simulator, _ sink: TelemetrySink) async throws -> Snapshot {
        Snapshot(wall: .now, statistics: try await simulator.statistics(), received: try await sink.received())
    }
}
