import FirmwareSim
import MAVLink
import TestSupport
import Testing

/// `gcsBasePort`: a second MAVLink instance per vehicle for a ground station (PX4 SITL's GCS link).
@Suite("firmware-sim: ground station MAVLink instance")
struct GroundStationInstanceTests {
    @Test(
        "a ground station on the GCS instance is answered there while the agent keeps its port; streams and STATUSTEXT reach both"
    )
    func secondInstance() async throws {
        var configuration = SimFixture.configuration()
        configuration.gcsBasePort = 0
        try await SimFixture.withSimulator(configuration) { sim, agent in
            let gcsPort = try #require(sim.endpoints[0].gcsPort)
            #expect(gcsPort != sim.endpoints[0].port)
            _ = try await agent.next(Heartbeat.self)
            let gcs = try await MAVLinkTestPeer(vehiclePort: gcsPort)
            do {
                try await gcs.send(
                    Heartbeat(type: .gcs, autopilot: .invalid, baseMode: [], customMode: 0, systemStatus: .active))
                _ = try await gcs.next(GlobalPositionInt.self)

                // The ground station's command is acked on its link only.
                #expect(try await gcs.command(.componentArmDisarm, 1) == .accepted)
                #expect(try await sim.vehicle(0).armed)
                // Its mission upload runs on its link; the agent hears the new mission through MISSION_CURRENT.
                let items = [SimFixture.item(0, .navTakeoff, altitude: 20), SimFixture.item(1, .navReturnToLaunch)]
                #expect(try await gcs.upload(items) == .accepted)
                _ = try await agent.next(MissionCurrent.self, where: { $0.total == 2 })
                #expect(await agent.received(CommandAck.self).isEmpty)
                #expect(await agent.received(MissionRequestInt.self).isEmpty)
                #expect(await agent.received(MissionAck.self).isEmpty)

                // The agent's command is acked on the agent's link only.
                let gcsAcks = await gcs.received(CommandAck.self).count
                #expect(try await agent.command(.componentArmDisarm, 0) == .accepted)
                _ = try await gcs.next(Heartbeat.self, where: { !SimFixture.isArmed($0) })
                #expect(await gcs.received(CommandAck.self).count == gcsAcks)

                // STATUSTEXT made while answering one link reaches both.
                #expect(try await sim.control("fault 0 gps-loss on") == "ok")
                _ = try await agent.next(Statustext.self, where: { $0.text.contains("GPS fix lost") })
                _ = try await gcs.next(Statustext.self, where: { $0.text.contains("GPS fix lost") })
                #expect(try await gcs.command(.componentArmDisarm, 1) == .temporarilyRejected)
                _ = try await agent.next(Statustext.self, where: { $0.text == "Preflight Fail: no 3D GPS fix" })
                #expect(!(await agent.received(CommandAck.self)).contains { $0.result == .temporarilyRejected })

                let statistics = try await sim.statistics()
                #expect(statistics.peerChanges == 2)
                #expect(statistics.foreignDatagrams == 0)
            } catch {
                await gcs.close()
                throw error
            }
            await gcs.close()
        }
    }

    @Test("without gcsBasePort there is no ground station port; a bad one is a typed error")
    func configuration() async throws {
        let sim = try await Simulator.start(SimFixture.configuration())
        #expect(sim.endpoints[0].gcsPort == nil)
        try await sim.shutdown()
        var bad = SimFixture.configuration()
        bad.gcsBasePort = 70_000
        #expect(throws: SimulatorConfiguration.ValidationError.portRange(basePort: 70_000, count: 1)) {
            try bad.validate()
        }
    }
}
