import FirmwareSim
import MAVLink
import Testing

/// One test per firmware rule in docs/firmware-sim.md: what each personality accepts, refuses (with
/// the firmware's MISSION_ACK / COMMAND_ACK result and STATUSTEXT) and how it flies.
@Suite("firmware-sim personalities: PX4")
struct PX4ConformanceTests {
    static func item(_ seq: Int, _ command: MAVCmd, frame: MAVFrame, param1: Float = 0) -> MissionItemInt {
        MissionItemInt(
            targetSystem: 1, targetComponent: 1, seq: UInt16(seq), frame: frame, command: command,
            autocontinue: 1, param1: param1, z: 20, missionType: .mission)
    }

    @Test(
        "commands without a position only in MAV_FRAME_MISSION (parse_mavlink_mission_item)",
        arguments: [
            (MAVCmd.doGripper, MAVFrame.globalRelativeAltInt, MAVMissionResult.unsupported),
            (.navReturnToLaunch, .globalRelativeAltInt, .unsupported),
            (.navDelay, .globalInt, .unsupported),
            (.navWaypoint, .mission, .unsupported),
            (.navWaypoint, .localNed, .unsupportedFrame),
            (.doGripper, .bodyFrd, .unsupportedFrame),
            (.doSetServo, .mission, .unsupported),
        ])
    func frameRules(command: MAVCmd, frame: MAVFrame, expected: MAVMissionResult) throws {
        var h = VehicleHarness()
        let mark = h.mark
        let items = [SimFixture.item(0, .navTakeoff, altitude: 20), Self.item(1, command, frame: frame)]
        #expect(try h.upload(items) == expected)
        #expect(h.texts(since: mark).contains("IGN MISSION_ITEM: Invalid item"))
        #expect(h.vehicle.mission.isEmpty)
    }

    @Test("DO_GRIPPER, NAV_DELAY and NAV_RETURN_TO_LAUNCH in MAV_FRAME_MISSION are taken")
    func positionlessInMissionFrame() throws {
        var h = VehicleHarness()
        let items = [
            Self.item(0, .navDelay, frame: .mission, param1: 5), Self.item(1, .doGripper, frame: .mission, param1: 1),
            SimFixture.item(2, .navTakeoff, altitude: 20), Self.item(3, .navReturnToLaunch, frame: .mission),
        ]
        #expect(try h.upload(items) == .accepted)
        // A float MISSION_ITEM with an *_INT frame is not a global frame for PX4 (_int_mode off).
        #expect(PX4MissionItemCheckProbe.parse(SimFixture.item(0, .navWaypoint), integer: false) == .unsupportedFrame)
    }

    @Test("a fence or rally command inside a mission upload is an ERROR (hardening check)")
    func fenceItemInMission() throws {
        var h = VehicleHarness()
        let vertex = MissionItemInt(
            seq: 0, frame: .globalInt, command: .navFencePolygonVertexInclusion, param1: 4,
            x: 473_977_420, y: 85_455_940, missionType: .mission)
        #expect(try h.upload([vertex]) == .error)
    }

    @Test("NAV_DELAY waits on the ground; NAV_LOITER_TIME while landed takes off first")
    func delayVersusLoiterTime() throws {
        var delay = VehicleHarness()
        #expect(
            try delay.upload([
                Self.item(0, .navDelay, frame: .mission, param1: 8), SimFixture.item(1, .navTakeoff, altitude: 20),
            ]) == .accepted)
        _ = try delay.command(.componentArmDisarm, 1)
        #expect(try delay.command(.missionStart) == .accepted)
        #expect(delay.run(seconds: 20) { $0.reachedItems == [0] })
        #expect(delay.vehicle.time >= 8)
        #expect(delay.messages(GlobalPositionInt.self).allSatisfy { abs($0.relativeAlt) < 1000 })
        #expect(delay.vehicle.landed)

        var loiter = VehicleHarness()
        #expect(try loiter.upload([SimFixture.item(0, .navLoiterTime, altitude: 20, param1: 8)]) == .accepted)
        _ = try loiter.command(.componentArmDisarm, 1)
        #expect(try loiter.command(.missionStart) == .accepted)
        #expect(loiter.run(seconds: 60) { $0.reachedItems == [0] })
        #expect(loiter.vehicle.kinematics.altitude > 18)
    }

    @Test("a mission RTL item switches to AUTO.RTL; the mission is complete")
    func rtlItemSwitchesMode() throws {
        var h = VehicleHarness()
        let out = SimFixture.offset(SimFixture.home, north: 60, east: 0)
        let items = [
            SimFixture.item(0, .navTakeoff, altitude: 20), SimFixture.item(1, .navWaypoint, at: out, altitude: 20),
            SimFixture.item(2, .navReturnToLaunch),
        ]
        #expect(try h.upload(items) == .accepted)
        _ = try h.command(.componentArmDisarm, 1)
        _ = try h.command(.missionStart)
        #expect(h.run(seconds: 120) { $0.mode == .returnToLaunch })
        #expect(h.vehicle.reachedItems == [0, 1, 2])
        #expect(h.vehicle.missionFinished)
        #expect(h.run(seconds: 300) { !$0.armed })
        #expect(h.modeHistory.suffix(1) == [.returnToLaunch])
        let last = try #require(h.messages(Heartbeat.self).last)
        #expect(last.autopilot == .px4)
        #expect(last.customMode == PX4CustomMode.autoReturnToLaunch.customMode)
    }

    @Test(
        "MISSION_CURRENT: total is the item count; mission_state 0 up to PX4 1.15, filled after",
        arguments: [PX4MissionStateReporting.legacy, .reported])
    func missionState(reporting: PX4MissionStateReporting) throws {
        var h = VehicleHarness(personality: AutopilotPersonality(family: .px4, px4MissionState: reporting))
        let items = [SimFixture.item(0, .navTakeoff, altitude: 10), SimFixture.item(1, .navLand)]
        #expect(try h.upload(items) == .accepted)
        _ = try h.command(.componentArmDisarm, 1)
        _ = try h.command(.missionStart)
        #expect(h.run(seconds: 200) { $0.missionFinished && !$0.armed })
        let currents = h.messages(MissionCurrent.self)
        #expect(currents.allSatisfy { $0.total == 2 })
        switch reporting {
        case .legacy: #expect(currents.allSatisfy { $0.missionState == 0 })
        case .reported:
            #expect(currents.contains { $0.missionState == 3 })
            #expect(currents.last?.missionState == 5)
        }
    }

    @Test("fence and rally round trip; a polygon of fewer than 3 vertices is an ERROR")
    func fenceAndRally() throws {
        var h = VehicleHarness()
        let corners: [(Double, Double)] = [(-100, -100), (-100, 100), (100, 100), (100, -100)]
        let polygon = corners.enumerated().map { n, c in
            let xy = SimFixture.offset(SimFixture.home, north: c.0, east: c.1)
            return MissionItemInt(
                seq: UInt16(n), frame: .globalInt, command: .navFencePolygonVertexInclusion, param1: 4, x: xy.0, y: xy.1
            )
        }
        let centre = SimFixture.offset(SimFixture.home, north: 30, east: 30)
        let circle = MissionItemInt(
            seq: 4, frame: .globalInt, command: .navFenceCircleExclusion, param1: 15, x: centre.0, y: centre.1)
        #expect(try h.upload(polygon + [circle], type: .fence) == .accepted)
        let fence = try h.download(.fence)
        #expect(
            fence.map(\.command) == Array(repeating: .navFencePolygonVertexInclusion, count: 4) + [
                .navFenceCircleExclusion
            ])
        #expect(fence.map(\.x) == (polygon + [circle]).map(\.x) && fence.map(\.y) == (polygon + [circle]).map(\.y))
        #expect(fence.map(\.param1) == [4, 4, 4, 4, 15])
        #expect(fence.allSatisfy { $0.missionType == .fence })

        let rally = MissionItemInt(
            seq: 0, frame: .globalRelativeAltInt, command: .navRallyPoint, x: centre.0, y: centre.1, z: 25)
        #expect(try h.upload([rally], type: .rally) == .accepted)
        let back = try h.download(.rally)
        #expect(back.count == 1 && back[0].x == centre.0 && back[0].z == 25 && back[0].frame == .globalRelativeAltInt)
        // The mission is untouched by either.
        #expect(h.vehicle.mission.isEmpty)

        let triangle = Array(polygon.prefix(2)).map {
            var v = $0
            v.param1 = 2
            return v
        }
        #expect(try h.upload(triangle, type: .fence) == .error)
        #expect(try h.download(.fence).count == 5)
    }
}

/// `PX4MissionItemCheck` is internal; the float-item case is exercised through the public path.
enum PX4MissionItemCheckProbe {
    static func parse(_ item: MissionItemInt, integer: Bool) -> MAVMissionResult? {
        var h = VehicleHarness()
        let float = MissionPlan.floatItem(item)
        let mark = h.mark
        try? h.send(MissionCount(targetSystem: 1, targetComponent: 1, count: 1, missionType: .mission))
        try? h.send(float)
        return h.messages(MissionAck.self, since: mark).last?.type
    }
}

@Suite("firmware-sim personalities: ArduCopter")
struct ArduCopterConformanceTests {
    static func harness() -> VehicleHarness { VehicleHarness(personality: .ardupilot) }

    /// Home-slot placeholder, takeoff, a waypoint 50 m north, then `tail`.
    static func mission(tail: [MissionItemInt] = [SimFixture.item(3, .navLand)]) -> [MissionItemInt] {
        let north = SimFixture.offset(SimFixture.home, north: 50, east: 0)
        return [
            SimFixture.item(
                0, .navWaypoint, at: SimFixture.offset(SimFixture.home, north: 900, east: 900), altitude: 99),
            SimFixture.item(1, .navTakeoff, altitude: 15), SimFixture.item(2, .navWaypoint, at: north, altitude: 15),
        ] + tail
    }

    /// SET_MODE with a copter mode number; the COMMAND_ACK (command 11) result.
    static func setMode(_ h: inout VehicleHarness, _ mode: ArduCopterMode) throws -> MAVResult? {
        let mark = h.mark
        try h.send(SetMode(targetSystem: 1, baseMode: MAVMode(rawValue: 1), customMode: mode.rawValue))
        return h.messages(CommandAck.self, since: mark).first { $0.command.rawValue == 11 }?.result
    }

    @Test("HEARTBEAT: ARDUPILOTMEGA, custom_mode is the copter mode; SET_MODE is acked as command 11")
    func heartbeatAndModes() throws {
        var h = Self.harness()
        h.run(seconds: 2)
        let boot = try #require(h.messages(Heartbeat.self).last)
        #expect(boot.autopilot == .ardupilotmega && boot.type == .quadrotor)
        #expect(boot.customMode == ArduCopterMode.stabilize.rawValue)
        #expect(try Self.setMode(&h, .guided) == .accepted)
        #expect(try h.command(.doSetMode, 1, Float(ArduCopterMode.loiter.rawValue)) == .accepted)
        h.run(seconds: 2)
        #expect(h.messages(Heartbeat.self).last?.customMode == ArduCopterMode.loiter.rawValue)
        // A mode the sim does not fly fails as Copter::set_mode fails; no custom flag is DENIED.
        #expect(try Self.setMode(&h, .flip) == .failed)
        let mark = h.mark
        try h.send(SetMode(targetSystem: 1, baseMode: MAVMode(rawValue: 0), customMode: 4))
        #expect(h.messages(CommandAck.self, since: mark).first?.result == .denied)
    }

    @Test("seq 0 is home: downloads return home there; MISSION_CURRENT.total excludes it")
    func homeSlot() throws {
        var h = Self.harness()
        let mark = h.mark
        let items = Self.mission()
        #expect(try h.upload(items) == .accepted)
        #expect(h.texts(since: mark).contains("Flight plan received"))
        let back = try h.download()
        #expect(back.count == items.count)
        #expect(back[0].command == .navWaypoint && back[0].frame == .global)
        #expect(
            back[0].x == Int32((SimFixture.home.latitude * 1e7).rounded())
                && back[0].z == Float(SimFixture.home.altitude))
        #expect(back[1].command == .navTakeoff && back[2].x == items[2].x)
        #expect(h.messages(MissionCurrent.self, since: mark).last?.total == UInt16(items.count - 1))
        // An empty vehicle still has its home slot.
        var empty = Self.harness()
        #expect(try empty.download().count == 1)
    }

    @Test("AUTO from the ground needs a takeoff first: \"Auto: Missing Takeoff Cmd\", FAILED")
    func takeoffRule() throws {
        var h = Self.harness()
        let north = SimFixture.offset(SimFixture.home, north: 50, east: 0)
        let noTakeoff = [SimFixture.item(0, .navWaypoint), SimFixture.item(1, .navWaypoint, at: north, altitude: 15)]
        #expect(try h.upload(noTakeoff) == .accepted)
        #expect(try Self.setMode(&h, .guided) == .accepted)
        #expect(try h.command(.componentArmDisarm, 1) == .accepted)
        let mark = h.mark
        #expect(try Self.setMode(&h, .auto) == .failed)
        #expect(h.texts(since: mark) == ["Auto: Missing Takeoff Cmd", "Mode change to AUTO failed: init failed"])
        #expect(try h.command(.missionStart) == .failed)
        #expect(h.vehicle.copterMode == .guided && h.vehicle.landed)

        // With the takeoff at seq 1 AUTO starts and flies from seq 1.
        #expect(try h.upload(Self.mission()) == .accepted)
        #expect(try Self.setMode(&h, .auto) == .accepted)
        #expect(h.run(seconds: 60) { $0.reachedItems.contains(1) })
        #expect(h.vehicle.reachedItems.first == 1)
    }

    @Test("arming in AUTO is refused (AUTO_OPTIONS 0): \"Arm: AUTO mode not armable\", FAILED")
    func noArmingInAuto() throws {
        var h = Self.harness()
        #expect(try h.upload(Self.mission()) == .accepted)
        #expect(try Self.setMode(&h, .auto) == .accepted)
        let mark = h.mark
        #expect(try h.command(.componentArmDisarm, 1) == .failed)
        #expect(h.texts(since: mark) == ["Arm: AUTO mode not armable"])
        #expect(!h.vehicle.armed)
    }

    /// Arms in GUIDED and switches to AUTO.
    static func start(_ h: inout VehicleHarness) throws {
        #expect(try setMode(&h, .guided) == .accepted)
        #expect(try h.command(.componentArmDisarm, 1) == .accepted)
        #expect(try setMode(&h, .auto) == .accepted)
    }

    @Test("NAV_LAND in AUTO lands, disarms and ends the mission without MIS_OPTIONS bit 2")
    func landEndsMission() throws {
        var h = Self.harness()
        let items = Self.mission(tail: [SimFixture.item(3, .navLand), SimFixture.item(4, .navTakeoff, altitude: 15)])
        #expect(try h.upload(items) == .accepted)
        try Self.start(&h)
        #expect(h.run(seconds: 200) { !$0.armed })
        #expect(h.vehicle.landed && h.vehicle.reachedItems == [1, 2])
        h.run(seconds: 20)
        #expect(!h.vehicle.armed && h.vehicle.landed && h.vehicle.copterMode == .auto)
    }

    @Test("with MIS_OPTIONS 4 and a takeoff after it, the mission continues after NAV_LAND")
    func continueAfterLand() throws {
        var h = Self.harness()
        let mark = h.mark
        try h.send(
            ParamSet(targetSystem: 1, targetComponent: 1, paramID: "MIS_OPTIONS", paramValue: 4, paramType: .int16))
        #expect(h.messages(ParamValue.self, since: mark).last?.paramValue == 4)
        // Loading on the ground as the agent does it: land, wait, take off with a gripper grab after
        // the takeoff (is_takeoff_next skips only NAV_DELAY and DO_AUX_FUNCTION).
        let items = Self.mission(tail: [
            SimFixture.item(3, .navLand), SimFixture.item(4, .navDelay, param1: 5),
            SimFixture.item(5, .navTakeoff, altitude: 15),
            SimFixture.item(6, .doGripper, param1: 1, param2: 1), SimFixture.item(7, .navReturnToLaunch),
        ])
        #expect(try h.upload(items) == .accepted)
        try Self.start(&h)
        #expect(h.run(seconds: 400) { $0.reachedItems.contains(4) })
        #expect(h.vehicle.armed && h.vehicle.landed && h.vehicle.payload == 0)
        // The DO_GRIPPER after the takeoff starts with the takeoff (AP_Mission runs DO commands
        // beside the navigation command), so the package is loaded on the ground.
        h.run(seconds: 0.1)
        #expect(h.vehicle.payload == 1.0 && h.vehicle.kinematics.altitude < 1)
        #expect(h.run(seconds: 400) { $0.missionFinished && !$0.armed })
        #expect(h.vehicle.reachedItems == [1, 2, 3, 4, 5, 6, 7])
    }

    @Test("a mission RTL item is flown inside AUTO: the mode stays AUTO while returning")
    func rtlStaysInAuto() throws {
        var h = Self.harness()
        #expect(try h.upload(Self.mission(tail: [SimFixture.item(3, .navReturnToLaunch)])) == .accepted)
        try Self.start(&h)
        #expect(h.run(seconds: 300) { $0.missionFinished && !$0.armed })
        #expect(h.vehicle.kinematics.position.horizontalLength < 3)
        let modes = h.messages(Heartbeat.self).filter { $0.baseMode.contains(.safetyArmed) }.map(\.customMode)
        #expect(Set(modes.drop { $0 != ArduCopterMode.auto.rawValue }) == [ArduCopterMode.auto.rawValue])
        let current = try #require(h.messages(MissionCurrent.self).last)
        #expect(current.missionState == 5 && current.total == 3)
    }

    @Test("fence: inconsistent vertex counts refused with ArduPilot's texts; a valid fence round trips")
    func fence() throws {
        var h = Self.harness()
        let corners: [(Double, Double)] = [(-100, -100), (-100, 100), (100, 100), (100, -100)]
        var polygon = corners.enumerated().map { n, c in
            let xy = SimFixture.offset(SimFixture.home, north: c.0, east: c.1)
            return MissionItemInt(
                seq: UInt16(n), frame: .globalRelativeAltInt, command: .navFencePolygonVertexInclusion,
                param1: 4, x: xy.0, y: xy.1, z: 30)
        }
        polygon[3].param1 = 3
        var mark = h.mark
        #expect(try h.upload(polygon, type: .fence) == .error)
        #expect(h.texts(since: mark) == ["Unexpected vertex count want=4 got=3", "Fence validation failed"])
        polygon[3].param1 = 4
        #expect(try h.upload(Array(polygon.prefix(3)), type: .fence) == .error)
        #expect(try h.download(.fence).isEmpty)
        mark = h.mark
        #expect(try h.upload(polygon, type: .fence) == .accepted)
        #expect(h.texts(since: mark).isEmpty)
        let back = try h.download(.fence)
        #expect(
            back.map(\.x) == polygon.map(\.x) && back.allSatisfy { $0.param1 == 4 && $0.z == 0 && $0.frame == .global })
        // Frames outside the global ones are UNSUPPORTED_FRAME.
        polygon[0].frame = .mission
        #expect(try h.upload(polygon, type: .fence) == .unsupportedFrame)
    }

    @Test("rally: NAV_RALLY_POINT in a relative frame only; downloads in whole metres")
    func rally() throws {
        var h = Self.harness()
        let xy = SimFixture.offset(SimFixture.home, north: 40, east: 0)
        var point = MissionItemInt(seq: 0, frame: .globalInt, command: .navRallyPoint, x: xy.0, y: xy.1, z: 25.6)
        #expect(try h.upload([point], type: .rally) == .unsupportedFrame)
        point.frame = .globalRelativeAltInt
        #expect(try h.upload([point], type: .rally) == .accepted)
        let back = try h.download(.rally)
        #expect(back.count == 1 && back[0].x == xy.0 && back[0].z == 25 && back[0].frame == .globalRelativeAlt)
        #expect(try h.upload([SimFixture.item(0, .navWaypoint)], type: .rally) == .unsupported)
    }

    @Test(
        "mission items: unknown command UNSUPPORTED, bad frame for a located command UNSUPPORTED_FRAME, any frame for DO_"
    )
    func missionItemRules() throws {
        var h = Self.harness()
        var items = Self.mission()
        items[2].frame = .localNed
        #expect(try h.upload(items) == .unsupportedFrame)
        items = Self.mission()
        items[2].command = MAVCmd(rawValue: 31000) // MAV_CMD_USER_1: not an ArduPilot command
        #expect(try h.upload(items) == .unsupported)
        items = Self.mission()
        items.append(MissionItemInt(seq: 4, frame: .globalRelativeAltInt, command: .doGripper, param1: 1, param2: 0))
        #expect(try h.upload(items) == .accepted)
    }
}

/// Which commands a vehicle takes by their target: PX4's `MavlinkReceiver::evaluate_target_ok` against
/// ArduPilot's routing (`MAVLink_routing::check_and_forward` processes broadcasts locally).
@Suite("firmware-sim personalities: command targets")
struct CommandTargetTests {
    /// The COMMAND_ACK results of one COMMAND_LONG REQUEST_MESSAGE(HEARTBEAT) sent to `system`/`component`,
    /// and how many HEARTBEATs it brought at once (the vehicle's own 1 Hz ones need a step).
    static func request(
        _ personality: AutopilotPersonality, system: UInt8, component: UInt8, command: MAVCmd = .requestMessage
    ) throws -> (acks: [CommandAck], heartbeats: Int) {
        var h = VehicleHarness(personality: personality)
        let before = (h.messages(CommandAck.self).count, h.messages(Heartbeat.self).count)
        try h.send(
            CommandLong(
                targetSystem: system, targetComponent: component, command: command, confirmation: 0,
                param1: Float(Heartbeat.messageID)))
        return (Array(h.messages(CommandAck.self).dropFirst(before.0)), h.messages(Heartbeat.self).count - before.1)
    }

    @Test("PX4 ignores a broadcast command, without an ack; aimed at it, the same request is answered")
    func px4Broadcast() throws {
        let broadcast = try Self.request(.px4, system: 0, component: 0)
        #expect(broadcast.acks.isEmpty)
        #expect(broadcast.heartbeats == 0)
        let otherComponent = try Self.request(.px4, system: 1, component: 50)
        #expect(otherComponent.acks.isEmpty)
        let aimed = try Self.request(.px4, system: 1, component: 0)
        #expect(aimed.acks.map(\.result) == [.accepted])
        #expect(aimed.heartbeats == 1)
    }

    @Test("PX4 takes the two legacy requests as broadcasts")
    func px4LegacyBroadcast() throws {
        let capabilities = try Self.request(.px4, system: 0, component: 0, command: .requestAutopilotCapabilities)
        #expect(capabilities.acks.count == 1)
    }

    @Test("ArduCopter answers a broadcast REQUEST_MESSAGE")
    func ardupilotBroadcast() throws {
        let broadcast = try Self.request(.ardupilot, system: 0, component: 0)
        #expect(broadcast.acks.map(\.result) == [.accepted])
        #expect(broadcast.heartbeats == 1)
    }
}
