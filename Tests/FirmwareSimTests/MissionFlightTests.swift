import FirmwareSim
import MAVLink
import Testing

@Suite("firmware-sim missions")
struct MissionFlightTests {
    @Test("upload, arm, start: every item reached, then landed and disarmed at home")
    func flyMission() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration(speed: 25)) { sim, peer in
            let items = SimFixture.squareMission(around: SimFixture.home)
            #expect(try await peer.upload(items) == .accepted)
            let current = try await peer.next(MissionCurrent.self)
            #expect(current.total == UInt16(items.count))
            #expect(try await peer.command(.componentArmDisarm, 1) == .accepted)
            #expect(try await peer.command(.missionStart, 0, 0) == .accepted)
            _ = try await peer.next(
                Heartbeat.self, where: { SimFixture.mode($0) == .mission && SimFixture.isArmed($0) })

            var reached: [UInt16] = []
            while reached.count < items.count {
                reached.append(try await peer.next(MissionItemReached.self, timeout: .seconds(20)).seq)
            }
            #expect(reached == (0..<UInt16(items.count)).map { $0 })
            _ = try await peer.next(Heartbeat.self, timeout: .seconds(10), where: { !SimFixture.isArmed($0) })
            let state = try await peer.next(ExtendedSysState.self)
            #expect(state.landedState == .onGround)
            let vehicle = try await sim.vehicle(0)
            #expect(vehicle.landed && !vehicle.armed && vehicle.missionFinished)
            #expect(vehicle.kinematics.position.horizontalLength < 3)
            // The square is 4 x 80 m: the battery paid for it.
            #expect(vehicle.battery.consumedWh > 2 && vehicle.battery.consumedWh < 20)
        }
    }

    @Test("download returns the uploaded items; MISSION_CLEAR_ALL empties the mission")
    func downloadAndClear() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration()) { _, peer in
            let items = SimFixture.squareMission(around: SimFixture.home, last: .navLand)
            #expect(try await peer.upload(items) == .accepted)
            try await peer.send(MissionRequestList(targetSystem: 1, targetComponent: 1, missionType: .mission))
            let count = try await peer.next(MissionCount.self)
            #expect(count.count == UInt16(items.count))
            for seq in items.indices {
                try await peer.send(
                    MissionRequestInt(targetSystem: 1, targetComponent: 1, seq: UInt16(seq), missionType: .mission))
                let item = try await peer.next(MissionItemInt.self)
                #expect(item.seq == UInt16(seq))
                #expect(
                    item.command == items[seq].command && item.x == items[seq].x && item.y == items[seq].y
                        && item.z == items[seq].z)
            }
            // Old clients: MISSION_REQUEST gets a float MISSION_ITEM.
            try await peer.send(MissionRequest(targetSystem: 1, targetComponent: 1, seq: 1, missionType: .mission))
            let old = try await peer.next(MissionItem.self)
            #expect(abs(Double(old.x) - Double(items[1].x) / 1e7) < 1e-5)

            try await peer.send(MissionClearAll(targetSystem: 1, targetComponent: 1, missionType: .mission))
            #expect(try await peer.next(MissionAck.self).type == .accepted)
            try await peer.send(MissionRequestList(targetSystem: 1, targetComponent: 1, missionType: .mission))
            #expect(try await peer.next(MissionCount.self).count == 0)
            #expect(try await peer.command(.missionStart, 0, 0) == .denied)
        }
    }

    @Test("a re-sent last item after the upload (our MISSION_ACK was lost) is acknowledged again")
    func lostFinalAck() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration()) { _, peer in
            let items = SimFixture.squareMission(around: SimFixture.home)
            #expect(try await peer.upload(items) == .accepted)
            try await peer.send(items[items.count - 1])
            #expect(try await peer.next(MissionAck.self).type == .accepted)
            // Any other stray item after the upload changes nothing; PX4 answers it with ERROR
            // (mavlink_mission.cpp handle_mission_item_both, "IGN MISSION_ITEM: No transfer").
            try await peer.send(items[0])
            #expect(try await peer.next(MissionAck.self).type == .error)
            try await peer.send(MissionRequestList(targetSystem: 1, targetComponent: 1, missionType: .mission))
            #expect(try await peer.next(MissionCount.self).count == UInt16(items.count))
        }
    }

    @Test("an unsupported mission command is refused with MAV_MISSION_UNSUPPORTED")
    func unsupportedItem() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration()) { _, peer in
            var items = SimFixture.squareMission(around: SimFixture.home)
            items[2] = SimFixture.item(2, MAVCmd(rawValue: 2500))
            let result = try await peer.upload(items)
            #expect(result == .unsupported)
        }
    }

    @Test("mission upload survives lost requests: the vehicle re-requests after a timeout")
    func uploadRetry() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration(speed: 5)) { sim, peer in
            let items = SimFixture.squareMission(around: SimFixture.home)
            try await peer.send(
                MissionCount(targetSystem: 1, targetComponent: 1, count: UInt16(items.count), missionType: .mission))
            let first = try await peer.next(MissionRequestInt.self)
            #expect(first.seq == 0)
            // Ignore the request: the vehicle must ask again (after ~1 s wall).
            let again = try await peer.next(MissionRequestInt.self, timeout: .seconds(3))
            #expect(again.seq == 0)
            #expect(try await peer.upload(items) == .accepted)
            #expect(try await sim.vehicle(0).mission.count == items.count)
        }
    }

    @Test("DO_GRIPPER items load and release the payload; NAV_DELAY on the ground waits there")
    func deliveryMission() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration(speed: 25)) { sim, peer in
            let dropoff = SimFixture.offset(SimFixture.home, north: 100, east: 0)
            let items = [
                SimFixture.item(0, .navDelay, param1: 10), // loading on the ground
                SimFixture.item(1, .doGripper, param1: 1, param2: 1),
                SimFixture.item(2, .navTakeoff, altitude: 30),
                SimFixture.item(3, .navWaypoint, at: dropoff, altitude: 10),
                SimFixture.item(4, .doGripper, param1: 1, param2: 0),
                SimFixture.item(5, .navReturnToLaunch),
            ]
            #expect(try await peer.upload(items) == .accepted)
            #expect(try await peer.command(.missionStart) == .accepted)
            #expect(try await peer.command(.componentArmDisarm, 1) == .accepted)
            _ = try await peer.next(MissionItemReached.self, timeout: .seconds(5), where: { $0.seq == 1 })
            let loaded = try await sim.vehicle(0)
            #expect(loaded.payload == 1.0)
            #expect(loaded.time >= 10)
            _ = try await peer.next(MissionItemReached.self, timeout: .seconds(20), where: { $0.seq == 4 })
            #expect(try await sim.vehicle(0).payload == 0)
            _ = try await peer.next(MissionItemReached.self, timeout: .seconds(20), where: { $0.seq == 5 })
            _ = try await peer.next(Heartbeat.self, timeout: .seconds(20), where: { !SimFixture.isArmed($0) })
        }
    }
}
