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
            try await Task.sleep(for: .milliseconds(600))
            let all = await peer.received(GlobalPositionInt.self).filter { $0.timeBootMs > first.timeBootMs }
            let last = try #require(all.last)
            let simSeconds = Double(last.timeBootMs - first.timeBootMs) / 1000
            let rate = Double(all.count) / simSeconds
            #expect(simSeconds > 3)
            #expect(abs(rate - 10) < 1.5, "rate \(rate) Hz over \(simSeconds) s")
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
            try await Task.sleep(for: .milliseconds(400))
            let after = await peer.received(Attitude.self).filter { $0.timeBootMs > start.timeBootMs }
            let last = try #require(after.last)
            let rate = Double(after.count) / (Double(last.timeBootMs - start.timeBootMs) / 1000)
            #expect(abs(rate - 20) < 3, "attitude at \(rate) Hz")

            #expect(try await peer.command(.setMessageInterval, Float(Attitude.messageID), -1) == .accepted)
            // The newest position received when the ack came marks the time the stream stopped.
            let stopped = try #require(await peer.received(GlobalPositionInt.self).last)
            try await Task.sleep(for: .milliseconds(300))
            let late = await peer.received(Attitude.self).filter { $0.timeBootMs > stopped.timeBootMs + 200 }
            #expect(late.isEmpty)
            // A message the sim does not produce is refused, not ignored.
            #expect(try await peer.command(.setMessageInterval, 9999, 100_000) == .denied)
        }
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
