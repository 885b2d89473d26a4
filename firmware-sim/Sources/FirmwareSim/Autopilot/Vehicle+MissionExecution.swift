import MAVLink

extension Vehicle {
    /// Executes the current mission item; reports and advances when it is reached.
    mutating func flyMission(dt: Double, environment: SimulationEnvironment) {
        guard !missionFinished, missionCurrent < mission.count else {
            if !landed { move(to: holdPoint, dt: dt, environment: environment) }
            return
        }
        let item = mission.items[missionCurrent]
        switch item.command {
        case .doGripper:
            _ = gripper(grab: item.param2 >= 0.5)
            itemReached()
        case .doSetServo:
            itemReached()
        case .navTakeoff:
            if case .start = itemPhase { itemPhase = .climbing(anchor: kinematics.position) }
            guard case .climbing(let anchor) = itemPhase else { itemPhase = .start; return }
            let altitude = relativeAltitude(of: item)
            liftOff()
            move(to: NED(north: anchor.north, east: anchor.east, down: -altitude), horizontal: false, dt: dt, environment: environment)
            if kinematics.altitude >= altitude - 1 { itemReached() }
        case .navWaypoint, .navLoiterTime:
            flyToItem(item, dt: dt, environment: environment)
        case .navLand:
            let target = horizontalTarget(of: item)
            if case .start = itemPhase { itemPhase = landed ? .descending(anchor: target) : .cruising }
            switch itemPhase {
            case .cruising:
                move(to: NED(north: target.north, east: target.east, down: kinematics.position.down), dt: dt, environment: environment)
                if (kinematics.position - target).horizontalLength < profile.acceptanceRadius { itemPhase = .descending(anchor: target) }
            case .descending(let anchor):
                if descend(at: anchor, dt: dt, environment: environment) { itemReached() }
            default:
                itemPhase = .start
            }
        case .navReturnToLaunch:
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

    /// NAV_WAYPOINT and NAV_LOITER_TIME: climb first if on the ground, fly there, hold, continue.
    private mutating func flyToItem(_ item: MissionItemInt, dt: Double, environment: SimulationEnvironment) {
        let target = itemTarget(item)
        let holdSeconds = Double(item.param1.isFinite ? max(0, item.param1) : 0)
        if case .start = itemPhase {
            if landed && item.command == .navLoiterTime && (kinematics.position - target).horizontalLength <= profile.acceptanceRadius {
                // Loiter-time on the ground at its own position: wait there (loading at a pickup).
                itemPhase = .holding(until: time + holdSeconds)
            } else {
                itemPhase = landed ? .climbing(anchor: kinematics.position) : .cruising
            }
        }
        switch itemPhase {
        case .climbing(let anchor):
            liftOff()
            move(to: NED(north: anchor.north, east: anchor.east, down: target.down), horizontal: false, dt: dt, environment: environment)
            if kinematics.position.down <= target.down + 1 { itemPhase = .cruising }
        case .cruising:
            move(to: target, dt: dt, environment: environment)
            let acceptance = item.param2 > 0 ? Double(item.param2) : Double(parameters["NAV_ACC_RAD"] ?? 2)
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
        }
        sendMissionCurrent()
    }

    /// Altitude above home of an item's z, by its frame.
    func relativeAltitude(of item: MissionItemInt) -> Double {
        switch item.frame {
        case .global, .globalInt: Double(item.z) - home.altitude
        default: Double(item.z)
        }
    }

    /// Local horizontal position of an item; the current position when it has no coordinates.
    func horizontalTarget(of item: MissionItemInt) -> NED {
        guard item.x != 0 || item.y != 0 else { return kinematics.position }
        let geo = GeoPoint(latitude: Double(item.x) / 1e7, longitude: Double(item.y) / 1e7, altitude: home.altitude)
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
