import MAVLink

/// Commands where ArduCopter answers differently from PX4 (libraries/GCS_MAVLink/GCS_Common.cpp,
/// ArduCopter/GCS_MAVLink_Copter.cpp, ArduCopter/mode.cpp, ArduCopter/mode_auto.cpp).
extension Vehicle {
    /// The COMMAND_ACK result of an ArduCopter-specific command; nil for commands handled as PX4 does.
    mutating func executeArduPilot(_ command: Command) -> MAVResult? {
        switch command.id {
        case .componentArmDisarm:
            let force = command.param(2) == Self.forceMagic
            return command.param(1) >= 0.5
                ? arduPilotArm(force: force) : disarmCommand(force: force, refusedInAirWith: .failed)
        case .navTakeoff:
            return arduPilotTakeoff(relativeAltitude: command.param(7))
        case .doSetMode:
            // param1 is the MAV_MODE base mode; ArduPilot needs MAV_MODE_FLAG_CUSTOM_MODE_ENABLED.
            guard Int(command.param(1)) & Int(MAVModeFlag.customModeEnabled.rawValue) != 0 else { return .denied }
            return setCopterMode(ArduCopterMode(rawValue: UInt32(max(0, command.param(2)))))
        case .missionStart:
            // GCS_MAVLINK_Copter::handle_command_mission_start: AUTO, then start or resume.
            return setCopterMode(.auto)
        case .navLand:
            return setCopterMode(.land)
        case .navReturnToLaunch:
            return setCopterMode(.rtl)
        case .runPrearmChecks:
            if let failure = arduPilotPrearmFailure() { statusText(.critical, failure) }
            return .accepted
        case .doSetServo:
            return .accepted
        case .doFenceEnable:
            // GCS_MAVLINK::handle_command_do_fence_enable: 0 off, 1 on, 2 all but the floor.
            switch Int(command.param(1)) {
            case 0: fenceState.enabledByCommand = false
            case 1, 2: fenceState.enabledByCommand = true
            default: return .failed
            }
            return .accepted
        default:
            return nil
        }
    }

    /// Copter::set_mode: FAILED when the mode does not exist here or refuses to start (with
    /// ArduCopter's "Mode change to X failed: reason").
    mutating func setCopterMode(_ requested: ArduCopterMode) -> MAVResult {
        guard let target = FlightMode(copter: requested) else { return .failed }
        if requested == copterMode { return .accepted }
        let name = requested.name ?? "\(requested.rawValue)"
        if faults.motorFailed && armed && requested != .land { return .failed }
        switch target {
        case .mission:
            // ModeAuto::init: a mission beyond home, and no start from the ground without a takeoff.
            guard mission.count > 1 else {
                statusText(.warning, "Mode change to \(name) failed: init failed")
                return .failed
            }
            if armed && landed && !missionStartsWithTakeoff {
                statusText(.critical, "Auto: Missing Takeoff Cmd")
                statusText(.warning, "Mode change to \(name) failed: init failed")
                return .failed
            }
            mode = .mission
            if missionFinished || missionCurrent < 1 {
                missionFinished = false
                missionCurrent = 1
                startedDoItems = []
            }
            itemPhase = .start
            holdPoint = kinematics.position
        case .returnToLaunch:
            startReturn()
            holdPoint = kinematics.position
        case .land, .hold, .position, .takeoff:
            mode = target
            holdPoint = kinematics.position
        }
        copterMode = requested
        sendMissionCurrent()
        return .accepted
    }

    /// AP_Mission::starts_with_takeoff_cmd: the first command after home, skipping DO_AUX_FUNCTION
    /// and NAV_DELAY, is a takeoff (`is_takeoff_next`).
    var missionStartsWithTakeoff: Bool { takeoffFollows(from: 1) }

    /// AP_Mission::is_takeoff_next from `index`.
    func takeoffFollows(from index: Int) -> Bool {
        let auxFunction: UInt16 = 218
        for item in mission.items.dropFirst(max(0, index)) {
            switch item.command {
            case .navTakeoff, .navVtolTakeoff: return true
            case .navDelay: continue
            default:
                if item.command.rawValue == auxFunction { continue }
                // Every other DO_ command is not skipped: a takeoff must come first.
                return false
            }
        }
        return false
    }

    /// Why ArduCopter would refuse to arm, as its PreArm STATUSTEXT, nil when it would arm.
    func arduPilotPrearmFailure() -> String? {
        if faults.gpsLost { return "PreArm: GPS 1: Bad fix" }
        if case .swapping = pad { return "PreArm: Battery 1 swap in progress" }
        if battery.failed || battery.stateOfCharge <= profile.armBatteryFraction {
            return "PreArm: Battery 1 below minimum arming capacity"
        }
        if faults.motorFailed { return "PreArm: Motors: Check frame class and type" }
        return nil
    }

    /// AP_Arming_Copter::arm: the mode must allow arming (AUTO only with AUTO_OPTIONS bit 0; RTL and
    /// LAND never), then the pre-arm checks. A refusal is MAV_RESULT_FAILED.
    private mutating func arduPilotArm(force: Bool) -> MAVResult {
        if armed { return .accepted }
        if !force {
            let name = copterMode.name ?? "\(copterMode.rawValue)"
            let allowsAutoArming = Int(parameters["AUTO_OPTIONS"] ?? 0) & 1 != 0
            let armable: Bool
            switch copterMode {
            case .auto: armable = allowsAutoArming
            case .rtl, .land, .smartRTL, .brake: armable = false
            default: armable = true
            }
            // Pre-arm checks run first (AP_Arming::arm calls pre_arm_checks, then arm_checks).
            if let failure = arduPilotPrearmFailure() {
                statusText(.critical, failure)
                return .failed
            }
            guard armable else {
                statusText(.critical, "Arm: \(name) mode not armable")
                return .failed
            }
        }
        armed = true
        touchdownTime = nil
        holdPoint = kinematics.position
        if mode == .mission && mission.count > 1 {
            missionCurrent = max(missionCurrent, 1)
            itemPhase = .start
        }
        return .accepted
    }

    /// Mode::do_user_takeoff: armed, on the ground, in a mode with a user takeoff (GUIDED, LOITER,
    /// POSHOLD, ALT_HOLD); param7 is the altitude above home in metres. Otherwise FAILED.
    private mutating func arduPilotTakeoff(relativeAltitude: Float) -> MAVResult {
        guard armed, landed else { return .failed }
        guard [.guided, .loiter, .posHold, .altHold].contains(copterMode) else { return .failed }
        guard !faults.motorFailed, !faults.gpsLost else { return .failed }
        let altitude =
            relativeAltitude.isFinite && relativeAltitude > 0
            ? Double(relativeAltitude) : Double(parameters["PILOT_TKOFF_ALT"] ?? 0) / 100
        takeoffAltitude = max(1, altitude)
        mode = .takeoff
        holdPoint = kinematics.position
        return .accepted
    }
}
