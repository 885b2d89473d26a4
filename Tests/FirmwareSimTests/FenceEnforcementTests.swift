import FirmwareSim
import MAVLink
import Testing

/// The uploaded fence enforced as each firmware does: breach detection, the breach action chosen by
/// GF_ACTION (PX4) or FENCE_ENABLE / FENCE_TYPE / FENCE_ACTION (ArduCopter), the STATUSTEXT and
/// FENCE_STATUS, and the refusals of malformed fences.
enum FenceFixture {
    /// A 400 m square inclusion polygon around home and an exclusion circle of 30 m radius 100 m north.
    static func fence() -> [MissionItemInt] {
        let corners: [(Double, Double)] = [(-200, -200), (-200, 200), (200, 200), (200, -200)]
        let polygon = corners.enumerated().map { n, c in
            let xy = SimFixture.offset(SimFixture.home, north: c.0, east: c.1)
            return MissionItemInt(
                seq: UInt16(n), frame: .globalInt, command: .navFencePolygonVertexInclusion, param1: 4, x: xy.0,
                y: xy.1, missionType: .fence)
        }
        let centre = SimFixture.offset(SimFixture.home, north: 100, east: 0)
        let circle = MissionItemInt(
            seq: 4, frame: .globalInt, command: .navFenceCircleExclusion, param1: 30, x: centre.0, y: centre.1,
            missionType: .fence)
        return polygon + [circle]
    }

    /// Two overlapping inclusion circles of 100 m: one at home, one 80 m north (home is inside both).
    static func twoInclusions() -> [MissionItemInt] {
        [(0.0, 0), (80, 1)].map { north, seq in
            let centre = SimFixture.offset(SimFixture.home, north: north, east: 0)
            return MissionItemInt(
                seq: UInt16(seq), frame: .globalInt, command: .navFenceCircleInclusion, param1: 100, x: centre.0,
                y: centre.1, missionType: .fence)
        }
    }

    /// Position in metres north of home.
    static func north(_ v: Vehicle) -> Double { v.kinematics.position.north }
}

@Suite("firmware-sim fence: PX4")
struct PX4FenceTests {
    /// Takeoff, then a waypoint 150 m north: the leg crosses the exclusion circle at 70...130 m.
    static func mission() -> [MissionItemInt] {
        [
            SimFixture.item(0, .navTakeoff, altitude: 20),
            SimFixture.item(1, .navWaypoint, at: SimFixture.offset(SimFixture.home, north: 150, east: 0), altitude: 20),
            SimFixture.item(2, .navReturnToLaunch),
        ]
    }

    static func flyIntoZone(action: Float) throws -> (VehicleHarness, Int) {
        var h = VehicleHarness()
        try h.send(
            ParamSet(
                targetSystem: 1, targetComponent: 1, paramID: "GF_ACTION",
                paramValue: Float(bitPattern: UInt32(bitPattern: Int32(action))), paramType: .int32))
        #expect(try h.upload(FenceFixture.fence(), type: .fence) == .accepted)
        #expect(try h.upload(mission()) == .accepted)
        _ = try h.command(.componentArmDisarm, 1)
        #expect(try h.command(.missionStart) == .accepted)
        let mark = h.mark
        #expect(h.run(seconds: 120) { FenceFixture.north($0) > 72 || $0.fenceState.breachCount > 0 })
        h.run(seconds: 3)
        return (h, mark)
    }

    @Test(
        "GF_ACTION decides the breach action: 2 hold, 3 return, 5 land, 4 terminate",
        arguments: [
            (Float(2), FlightMode.hold, "Geofence violated, holding"),
            (3, .returnToLaunch, "Geofence violated, returning"),
            (5, .land, "Geofence violated, landing"),
        ])
    func action(value: Float, mode: FlightMode, text: String) throws {
        let (h, mark) = try Self.flyIntoZone(action: value)
        #expect(h.vehicle.fenceState.breachCount == 1)
        #expect(h.vehicle.mode == mode)
        #expect(h.texts(since: mark).contains(text))
        // PX4 has no FENCE_STATUS stream.
        #expect(h.messages(FenceStatus.self).isEmpty)
    }

    @Test("GF_ACTION 4 terminates the flight: disarmed, on the ground inside the zone")
    func terminate() throws {
        let (h, mark) = try Self.flyIntoZone(action: 4)
        #expect(!h.vehicle.armed && h.vehicle.landed)
        #expect(h.texts(since: mark).contains("Geofence violated, flight termination"))
    }

    @Test("GF_ACTION 1 only warns, 0 does nothing: the mission flies on through the zone")
    func warnAndNone() throws {
        var (warn, mark) = try Self.flyIntoZone(action: 1)
        #expect(warn.vehicle.mode == .mission)
        #expect(warn.texts(since: mark).contains("Geofence violated"))
        #expect(warn.run(seconds: 60) { FenceFixture.north($0) > 140 })

        var (none, noneMark) = try Self.flyIntoZone(action: 0)
        #expect(none.vehicle.fenceState.breachCount == 0)
        #expect(!none.texts(since: noneMark).contains { $0.hasPrefix("Geofence") })
        #expect(none.run(seconds: 60) { FenceFixture.north($0) > 140 })
    }

    @Test("a push out of the inclusion polygon is a breach; coming back in clears it")
    func pushOutOfInclusion() throws {
        var h = VehicleHarness()
        #expect(try h.upload(FenceFixture.fence(), type: .fence) == .accepted)
        try h.takeOff(to: 20)
        #expect(h.vehicle.fenceState.breaches.isEmpty)
        h.vehicle.push(north: 0, east: 260)
        h.run(seconds: 1)
        #expect(!h.vehicle.fenceState.breaches.isEmpty && h.vehicle.mode == .hold)
        // Hold keeps it where the breach happened; moved back inside, the breach clears.
        h.vehicle.push(north: 0, east: -260)
        h.run(seconds: 1)
        #expect(h.vehicle.fenceState.breaches.isEmpty && h.vehicle.fenceState.breachCount == 1)
    }

    @Test("inside any one inclusion area is inside (PX4); ArduCopter wants every one (see its suite)")
    func anyInclusion() throws {
        var px4 = VehicleHarness()
        #expect(try px4.upload(FenceFixture.twoInclusions(), type: .fence) == .accepted)
        try px4.takeOff(to: 20)
        px4.vehicle.push(north: 160, east: 0)
        px4.run(seconds: 1)
        #expect(px4.vehicle.fenceState.breachCount == 0)

        var copter = VehicleHarness(personality: .ardupilot)
        try ArduCopterFenceTests.setParameter(&copter, "FENCE_TYPE", 4)
        #expect(try copter.upload(FenceFixture.twoInclusions(), type: .fence) == .accepted)
        #expect(try copter.command(.doFenceEnable, 1) == .accepted)
        #expect(try ArduCopterConformanceTests.setMode(&copter, .guided) == .accepted)
        #expect(try copter.command(.componentArmDisarm, 1) == .accepted)
        _ = try copter.command(.navTakeoff, 0, 0, 0, 0, 0, 0, 20)
        copter.run(seconds: 30)
        #expect(copter.vehicle.fenceState.breachCount == 0)
        copter.vehicle.push(north: 160, east: 0)
        copter.run(seconds: 1)
        #expect(copter.vehicle.fenceState.breachCount == 1 && copter.vehicle.copterMode == .rtl)
    }

    @Test("integer parameters travel byte-wise (PARAM_ENCODE_BYTEWISE): GF_ACTION reads back as written")
    func bytewiseParameter() throws {
        var h = VehicleHarness()
        let mark = h.mark
        try h.send(ParamRequestRead(targetSystem: 1, targetComponent: 1, paramID: "GF_ACTION", paramIndex: -1))
        let value = try #require(h.messages(ParamValue.self, since: mark).first)
        #expect(value.paramType == .int32 && Int32(bitPattern: value.paramValue.bitPattern) == 2)
    }
}

@Suite("firmware-sim fence: ArduCopter")
struct ArduCopterFenceTests {
    /// Home slot, takeoff, a waypoint 150 m north through the exclusion circle, land.
    static func mission() -> [MissionItemInt] {
        [
            SimFixture.item(0, .navWaypoint, at: SimFixture.offset(SimFixture.home, north: 0, east: 0), altitude: 0),
            SimFixture.item(1, .navTakeoff, altitude: 20),
            SimFixture.item(2, .navWaypoint, at: SimFixture.offset(SimFixture.home, north: 150, east: 0), altitude: 20),
            SimFixture.item(3, .navLand),
        ]
    }

    static func setParameter(_ h: inout VehicleHarness, _ name: String, _ value: Float) throws {
        try h.send(ParamSet(targetSystem: 1, targetComponent: 1, paramID: name, paramValue: value, paramType: .int8))
    }

    static func flyIntoZone(action: Float, enable: Bool = true) throws -> (VehicleHarness, Int) {
        var h = VehicleHarness(personality: .ardupilot)
        try setParameter(&h, "FENCE_ACTION", action)
        #expect(try h.upload(FenceFixture.fence(), type: .fence) == .accepted)
        if enable { #expect(try h.command(.doFenceEnable, 1) == .accepted) }
        #expect(try h.upload(mission()) == .accepted)
        try ArduCopterConformanceTests.start(&h)
        let mark = h.mark
        #expect(h.run(seconds: 120) { FenceFixture.north($0) > 72 || $0.fenceState.breachCount > 0 })
        h.run(seconds: 3)
        return (h, mark)
    }

    @Test(
        "FENCE_ACTION: 1 RTL, 2 land, 4 brake, 0 report only; \"Polygon fence breached\" and FENCE_STATUS",
        arguments: [
            (Float(1), ArduCopterMode.rtl), (2, .land), (4, .brake), (0, .auto),
        ])
    func action(value: Float, mode: ArduCopterMode) throws {
        let (h, mark) = try Self.flyIntoZone(action: value)
        #expect(h.vehicle.fenceState.breachCount == 1)
        #expect(h.vehicle.copterMode == mode)
        let text = try #require(h.messages(Statustext.self, since: mark).first { $0.text == "Polygon fence breached" })
        #expect(text.severity == .notice)
        let status = try #require(h.messages(FenceStatus.self, since: mark).last)
        #expect(status.breachStatus == 1 && status.breachCount == 1 && status.breachType == .boundary)
    }

    @Test("fences are off until FENCE_ENABLE or MAV_CMD_DO_FENCE_ENABLE: no breach, no FENCE_STATUS")
    func disabledByDefault() throws {
        var (h, mark) = try Self.flyIntoZone(action: 1, enable: false)
        #expect(h.vehicle.fenceState.breachCount == 0 && h.vehicle.copterMode == .auto)
        #expect(h.messages(FenceStatus.self, since: mark).isEmpty)
        try Self.setParameter(&h, "FENCE_ENABLE", 1)
        h.run(seconds: 2)
        #expect(!h.messages(FenceStatus.self, since: mark).isEmpty)
    }

    @Test("the circle fence around home (FENCE_TYPE bit 2, FENCE_RADIUS) and \"Circle fence breached\"")
    func homeCircle() throws {
        var h = VehicleHarness(personality: .ardupilot)
        #expect(try h.command(.doFenceEnable, 1) == .accepted)
        #expect(try ArduCopterConformanceTests.setMode(&h, .guided) == .accepted)
        #expect(try h.command(.componentArmDisarm, 1) == .accepted)
        _ = try h.command(.navTakeoff, 0, 0, 0, 0, 0, 0, 20)
        h.run(seconds: 30)
        let mark = h.mark
        h.vehicle.push(north: 320, east: 0)
        h.run(seconds: 2)
        #expect(h.texts(since: mark).contains("Circle fence breached"))
        #expect(h.vehicle.copterMode == .rtl)
    }

    @Test("more than 100 m outside the polygon it lands instead of returning (AC_FENCE_GIVE_UP_DISTANCE)")
    func giveUpDistance() throws {
        var h = VehicleHarness(personality: .ardupilot)
        try Self.setParameter(&h, "FENCE_TYPE", 4)
        #expect(try h.upload(FenceFixture.fence(), type: .fence) == .accepted)
        #expect(try h.command(.doFenceEnable, 1) == .accepted)
        #expect(try ArduCopterConformanceTests.setMode(&h, .guided) == .accepted)
        #expect(try h.command(.componentArmDisarm, 1) == .accepted)
        _ = try h.command(.navTakeoff, 0, 0, 0, 0, 0, 0, 20)
        h.run(seconds: 30)
        h.vehicle.push(north: 0, east: 350)
        h.run(seconds: 2)
        #expect(h.vehicle.copterMode == .land)
    }

    @Test("a fence with a 2-vertex polygon is refused after the upload: STATUSTEXT and MISSION_ACK ERROR")
    func refusedFence() throws {
        var h = VehicleHarness(personality: .ardupilot)
        var items = Array(FenceFixture.fence().prefix(2))
        for i in items.indices { items[i].param1 = 2 }
        let mark = h.mark
        #expect(try h.upload(items, type: .fence) == .error)
        #expect(h.texts(since: mark).contains("Invalid vertex count (2)"))
        #expect(h.vehicle.fence.isEmpty)
    }
}
