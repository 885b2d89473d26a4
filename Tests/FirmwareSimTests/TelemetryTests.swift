import FirmwareSim
import MAVLink
import Testing

@Suite("firmware-sim telemetry")
struct TelemetryTests {
    @Test("heartbeat says PX4 quadrotor, standby, with the vehicle's system id")
    func heartbeat() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration(count: 2)) { sim, peer in
            let hb = try await peer.next(Heartbeat.self)
            #expect(hb.type == .quadrotor)
            #expect(hb.autopilot == .px4)
            #expect(hb.systemStatus == .standby)
            #expect(hb.baseMode.contains(.customModeEnabled))
            #expect(!SimFixture.isArmed(hb))
            #expect(sim.endpoints.map(\.systemID) == [1, 2])
            #expect(Set(sim.endpoints.map(\.port)).count == 2)
            // Vehicle 1 talks to its own peer with its own system id.
            let other = try await MAVLinkTestPeer(vehiclePort: sim.endpoints[1].port)
            try await other.send(Heartbeat(type: .gcs, autopilot: .invalid))
            let hb2 = try await other.next(Heartbeat.self)
            #expect(hb2.type == .quadrotor)
            #expect(await other.frames.first?.systemID == 2)
            await other.close()
        }
    }

    @Test("GLOBAL_POSITION_INT streams at 10 Hz of simulated time by default")
    func positionRate() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration(speed: 10)) { _, peer in
            let first = try await peer.next(GlobalPositionInt.self)
            // Wait in simulated time: a loaded machine may run the sim slower than --speed.
            _ = try await peer.next(GlobalPositionInt.self, where: { $0.timeBootMs > first.timeBootMs + 4_000 })
            let times = await peer.received(GlobalPositionInt.self).map(\.timeBootMs).filter { $0 >= first.timeBootMs }
            let interval = try #require(Self.meanInterval(times, expected: 100))
            #expect(abs(interval - 100) < 5, "GLOBAL_POSITION_INT every \(interval) ms")
            #expect(times.count >= 30)
            #expect(abs(Double(first.lat) / 1e7 - SimFixture.home.latitude) < 1e-4)
        }
    }

    @Test("SET_MESSAGE_INTERVAL changes a stream's rate and -1 stops it")
    func messageInterval() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration(speed: 10)) { _, peer in
            _ = try await peer.next(Heartbeat.self)
            let result = try await peer.command(.setMessageInterval, Float(Attitude.messageID), 50_000)
            #expect(result == .accepted)
            let start = try await peer.next(Attitude.self)
            _ = try await peer.next(Attitude.self, where: { $0.timeBootMs > start.timeBootMs + 3_000 })
            let times = await peer.received(Attitude.self).map(\.timeBootMs).filter { $0 >= start.timeBootMs }
            let interval = try #require(Self.meanInterval(times, expected: 50))
            #expect(abs(interval - 50) < 4, "ATTITUDE every \(interval) ms")

            #expect(try await peer.command(.setMessageInterval, Float(Attitude.messageID), -1) == .accepted)
            // The newest position received when the ack came marks the time the stream stopped.
            let stopped = try #require(await peer.received(GlobalPositionInt.self).last)
            _ = try await peer.next(GlobalPositionInt.self, where: { $0.timeBootMs > stopped.timeBootMs + 2_000 })
            let late = await peer.received(Attitude.self).filter { $0.timeBootMs > stopped.timeBootMs + 200 }
            #expect(late.isEmpty)
            // A message the sim does not produce is refused, not ignored.
            #expect(try await peer.command(.setMessageInterval, 9999, 100_000) == .denied)
        }
    }

    /// Mean spacing (ms) of consecutive timestamps, ignoring gaps longer than 1.5 × `expected`
    /// (a datagram lost on a busy machine must not look like a slower stream).
    static func meanInterval(_ times: [UInt32], expected: Double) -> Double? {
        let gaps = zip(times, times.dropFirst()).map { Double($1) - Double($0) }.filter {
            $0 > 0 && $0 < expected * 1.5
        }
        return gaps.isEmpty ? nil : gaps.reduce(0, +) / Double(gaps.count)
    }

    @Test("REQUEST_MESSAGE answers AUTOPILOT_VERSION and HOME_POSITION")
    func requestMessage() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration()) { _, peer in
            #expect(try await peer.command(.requestMessage, Float(AutopilotVersion.messageID)) == .accepted)
            let version = try await peer.next(AutopilotVersion.self)
            #expect(version.capabilities.contains(.missionInt))
            #expect(try await peer.command(.getHomePosition) == .accepted)
            let home = try await peer.next(HomePosition.self)
            #expect(abs(Double(home.latitude) / 1e7 - SimFixture.home.latitude) < 1e-6)
            #expect(home.altitude == 488_000)
        }
    }
}
