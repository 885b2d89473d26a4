import MAVLink

extension Vehicle {
    /// Executes the current mission item; reports and advances when it is reached.
    mutating func flyMission(dt: Double, environment: SimulationEnvironment) {
        // ArduPilot resets its mission on disarm (current 0); it resumes after the home slot.
        if missionCurrent < firstMissionItem { missionCurrent = firstMissionItem }
        guard !missionFinished, missionCurrent < mission.count else {
            if !landed { move(to: holdPoint, dt: dt, environment: environment) }
            return
        }
        let item = mission.items[missionCurrent]
        if personality.family == .ardupilot, case .start = itemPhase, !Self.isDoCommand(item.command) {
            startDoCommands(after: missionCurrent)
        }
        switch item.command {
        case .doGripper:
            if !startedDoItems.contains(missionCurrent) { _ = gripper(grab: item.param2 >= 0.5) }
            itemReached()
        case .doSetServo:
            itemReached()
        case .navTakeoff:
            if case .start = itemPhase { itemPhase = .climbing(anchor: kinematics.position) }
            guard case .climbing(let anchor) = itemPhase else {
                itemPhase = .start
                return
            }
            let altitude = relativeAltitude(of: item)
            liftOff()
            move(
                to: NED(north: anchor.north, east: anchor.east, down: -altitude), horizontal: false, dt: dt,
                environment: environment)
            if kinematics.altitude >= altitude - 1 { itemReached() }
        case .navWaypoint, .navLoiterTime:
            flyToItem(item, dt: dt, environment: environment)
        case .navDelay:
            // PX4 and ArduPilot wait where they are: on the ground when landed, hovering otherwise.
            if case .start = itemPhase {
                itemPhase = .waiting(until: time + Double(max(0, item.param1.isFinite ? item.param1 : 0)))
            }
            if case .waiting(let until) = itemPhase {
                if !landed { move(to: holdPoint, dt: dt, environment: environment) }
                if time >= until { itemReached() }
            } else {
                itemPhase = .start
            }
        case .navLand:
            let target = horizontalTarget(of: item)
            if case .start = itemPhase { itemPhase = landed ? .descending(anchor: target) : .cruising }
            switch itemPhase {
            case .cruising:
                move(
                    to: NED(north: target.north, east: target.east, down: kinematics.position.down), dt: dt,
                    environment: environment)
                if (kinematics.position - target).horizontalLength < profile.acceptanceRadius {
                    itemPhase = .descending(anchor: target)
                }
            case .descending(let anchor):
                if descend(at: anchor, dt: dt, environment: environment) { landedInMission() }
            default:
                itemPhase = .start
            }
        case .navReturnToLaunch where personality.family == .px4:
            // PX4's navigator hands a mission RTL item to the RTL mode (AUTO.RTL).
            itemReached()
            startReturn()
        case .navReturnToLaunch:
            // ArduCopter flies it inside AUTO (ModeAuto::do_RTL): the mode stays AUTO.
            if case .start = itemPhase {
                returnPhase = .climb
                itemPhase = .cruising
            }
            flyReturn(dt: dt, environment: environment)
            if landed && returnPhase == .descend { itemReached() }
        default:
            // Validation keeps other commands out; skip rather than hang if one slipped through.
            itemReached()
        }
    }

    /// MAV_CMD_DO_* (176...239): the commands AP_Mission runs beside the navigation command.
    static func isDoCommand(_ command: MAVCmd) -> Bool {
        (MAVCmd.doSetMode.rawValue..<MAVCmd.doLast.rawValue).contains(command.rawValue)
    }

    /// AP_Mission::advance_current_nav_cmd starts the DO commands that follow a navigation command
    /// as that command starts, not after it completes: a DO_GRIPPER grab after a NAV_TAKEOFF
    /// happens on the ground. They are reported reached in order once the navigation item is.
    private mutating func startDoCommands(after index: Int) {
        var next = index + 1
        while next < mission.count, Self.isDoCommand(mission.items[next].command) {
            let command = mission.items[next]
            if !startedDoItems.contains(next), command.command == .doGripper {
                _ = gripper(grab: command.param2 >= 0.5)
            }
            startedDoItems.insert(next)
            next += 1
        }
    }

    /// NAV_WAYPOINT and NAV_LOITER_TIME: climb first if on the ground, fly there, hold, continue.
    private mutating func flyToItem(_ item: MissionItemInt, dt: Double, environment: SimulationEnvironment) {
        let target = itemTarget(item)
        let holdSeconds = Double(item.param1.isFinite ? max(0, item.param1) : 0)
        if case .start = itemPhase {
            if landed && personality.family == .ardupilot && item.command == .navLoiterTime
                && (kinematics.position - target).horizontalLength <= profile.acceptanceRadius
            {
                // ArduCopter's wp_run does not lift off a landed vehicle: at its own position the
                // loiter time runs on the ground. PX4 takes off first (its mission inserts a takeoff).
                itemPhase = .holding(until: time + holdSeconds)
            } else {
                itemPhase = landed ? .climbing(anchor: kinematics.position) : .cruising
            }
        }
        switch itemPhase {
        case .climbing(let anchor):
            liftOff()
            move(
                to: NED(north: anchor.north, east: anchor.east, down: target.down), horizontal: false, dt: dt,
                environment: environment)
            if kinematics.position.down <= target.down + 1 { itemPhase = .cruising }
        case .cruising:
            move(to: target, dt: dt, environment: environment)
            let acceptance = item.param2 > 0 ? Double(item.param2) : parameters.acceptanceRadius ?? 2
            let offset = kinematics.position - target
            if offset.horizontalLength <= acceptance && abs(offset.down) <= max(1.5, acceptance) {
                itemPhase = .holding(until: time + holdSeconds)
            }
        case .holding(let until):
            if !landed { move(to: target, dt: dt, environment: environment) }
            if time >= until { itemReached() }
        default:
            itemPhase = .start
        }
    }

    /// Reports the current item reached and moves on (PX4 sends MISSION_ITEM_REACHED, then MISSION_CURRENT).
    mutating func itemReached() {
        outbox.send(MissionItemReached(seq: UInt16(missionCurrent)))
        reachedItems.append(missionCurrent)
        missionCurrent += 1
        itemPhase = .start
        holdPoint = kinematics.position
        if missionCurrent >= mission.count {
            missionFinished = true
            missionCurrent = max(0, mission.count - 1)
            statusText(.info, "Mission finished")
            // ModeAuto::exit_mission: on the ground ArduCopter disarms at once.
            if personality.family == .ardupilot && landed && armed { disarm(reason: "Disarmed by mission end") }
        }
        sendMissionCurrent()
    }

    /// A NAV_LAND item touched down. ArduCopter (ModeAuto::verify_land) disarms and stops the
    /// mission there unless MIS_OPTIONS bit 2 (continue after land) is set and a takeoff follows.
    private mutating func landedInMission() {
        guard personality.family == .ardupilot else { return itemReached() }
        let continueAfterLand = Int(parameters["MIS_OPTIONS"] ?? 0) & 4 != 0
        if continueAfterLand && takeoffFollows(from: missionCurrent + 1) {
            itemReached()
        } else if armed {
            disarm(reason: "Disarmed by landing")
        }
    }

    /// Altitude above home of an item's z, by its frame.
    func relativeAltitude(of item: MissionItemInt) -> Double {
        switch item.frame {
        case .global, .globalInt: Double(item.z) - home.altitude
        // ArduPilot stores MAV_FRAME_MISSION locations as absolute altitudes.
        case .mission where personality.family == .ardupilot: Double(item.z) - home.altitude
        default: Double(item.z)
        }
    }

    /// Local horizontal position of an item; the current position when it has no coordinates.
    func horizontalTarget(of item: MissionItemInt) -> NED {
        guard item.x != 0 || item.y != 0 else { return kinematics.position }
        let geo = SimGeoPoint(latitude: Double(item.x) / 1e7, longitude: Double(item.y) / 1e7, altitude: home.altitude)
        var local = projection.local(geo)
        local.down = kinematics.position.down
        return local
    }

    func itemTarget(_ item: MissionItemInt) -> NED {
        var target = horizontalTarget(of: item)
        target.down = -relativeAltitude(of: item)
        return target
    }

    /// DO_GRIPPER: grab loads the default package (only on the ground), release drops what is aboard.
    mutating func gripper(grab: Bool) -> MAVResult {
        if grab {
            guard landed else { return .temporarilyRejected }
            payload = min(profile.maxPayload, profile.defaultPackageMass)
            statusText(.info, "Gripper: package loaded")
        } else {
            payload = 0
            statusText(.info, "Gripper: payload released")
        }
        return .accepted
    }
}
