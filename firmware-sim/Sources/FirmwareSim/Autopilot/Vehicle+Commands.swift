import MAVLink

extension Vehicle {
    /// PX4's magic number in param2 of COMPONENT_ARM_DISARM that forces arming/disarming.
    static let forceMagic: Float = 21196

    /// Executes a command and returns the COMMAND_ACK result; unknown commands are UNSUPPORTED.
    mutating func execute(_ command: Command, from sender: Sender) -> MAVResult {
        if personality.family == .ardupilot, let result = executeArduPilot(command) { return result }
        switch command.id {
        case .componentArmDisarm:
            return command.param(1) >= 0.5
                ? arm(force: command.param(2) == Self.forceMagic)
                : disarmCommand(force: command.param(2) == Self.forceMagic)
        case .runPrearmChecks:
            return prearmFailure()?.result ?? .accepted
        case .navTakeoff:
            return takeoff(amsl: command.param(7))
        case .navLand:
            guard armed else { return .temporarilyRejected }
            guard !landed else { return .accepted }
            mode = .land
            holdPoint = kinematics.position
            return .accepted
        case .navReturnToLaunch:
            guard armed, !landed else { return .temporarilyRejected }
            guard !faults.motorFailed else { return .denied }
            startReturn()
            return .accepted
        case .doSetMode:
            let main = UInt32(max(0, command.param(2)))
            let sub = UInt32(max(0, command.param(3)))
            return setMode(customMode: main << 16 | sub << 24)
        case .missionStart:
            return startMission(first: Int(command.param(1)))
        case .doGripper:
            return gripper(grab: command.param(2) >= 0.5)
        case .doSetServo:
            // Accepted for compatibility; the sim's payload is driven by DO_GRIPPER.
            return command.param(1) >= 1 ? .accepted : .denied
        case .setMessageInterval:
            guard let stream = stream(messageID: UInt32(max(0, command.param(1)))) else { return .denied }
            let interval = command.param(2)
            setInterval(
                stream, seconds: interval < 0 ? 0 : interval == 0 ? defaultInterval(stream) : Double(interval) / 1e6)
            return .accepted
        case .getMessageInterval:
            guard let stream = stream(messageID: UInt32(max(0, command.param(1)))) else { return .denied }
            let seconds = streamIntervals[stream.rawValue]
            outbox.send(
                MessageInterval(
                    messageID: UInt16(stream.messageID), intervalUs: seconds > 0 ? Int32(seconds * 1e6) : -1))
            return .accepted
        case .requestMessage:
            return sendOnRequest(messageID: UInt32(max(0, command.param(1))))
        case .requestAutopilotCapabilities:
            sendAutopilotVersion()
            return .accepted
        case .getHomePosition:
            sendHomePosition()
            return .accepted
        default:
            return .unsupported
        }
    }

    mutating func acknowledge(_ command: Command, result: MAVResult, to sender: Sender) {
        outbox.send(
            CommandAck(
                command: command.id, result: result, targetSystem: sender.system, targetComponent: sender.component))
    }

    /// Why arming is refused, nil when every pre-arm check passes.
    func prearmFailure() -> (reason: String, result: MAVResult)? {
        if faults.motorFailed { return ("Preflight Fail: motor failure", .denied) }
        if battery.failed { return ("Preflight Fail: battery failure", .denied) }
        if case .swapping = pad { return ("Preflight Fail: battery swap in progress", .denied) }
        if faults.gpsLost { return ("Preflight Fail: no 3D GPS fix", .temporarilyRejected) }
        if battery.stateOfCharge <= profile.armBatteryFraction { return ("Preflight Fail: battery low", .denied) }
        return nil
    }

    private mutating func arm(force: Bool) -> MAVResult {
        if armed { return .accepted }
        if !force, let failure = prearmFailure() {
            statusText(.critical, failure.reason)
            return failure.result
        }
        armed = true
        touchdownTime = nil
        holdPoint = kinematics.position
        statusText(.info, "Armed")
        if mode == .mission && hasMission { prepareMissionStart() }
        return .accepted
    }

    /// A disarm in the air needs the force magic; firmwares differ only in how they refuse one without it
    /// (PX4 DENIED, ArduCopter FAILED).
    mutating func disarmCommand(force: Bool, refusedInAirWith refusal: MAVResult = .denied) -> MAVResult {
        guard armed else { return .accepted }
        if !landed {
            guard force else { return refusal }
            // Forced disarm in the air: motors stop, the vehicle falls.
            kinematics.position.down = 0
            touchDown()
        }
        disarm(reason: "Disarmed by command")
        return .accepted
    }

    /// NAV_TAKEOFF: param7 is the AMSL altitude as in PX4; NaN takes MIS_TAKEOFF_ALT.
    private mutating func takeoff(amsl: Float) -> MAVResult {
        guard armed else { return .temporarilyRejected }
        guard !faults.motorFailed, !faults.gpsLost else { return .denied }
        if amsl.isFinite {
            takeoffAltitude = max(2.5, Double(amsl) - home.altitude)
        } else {
            takeoffAltitude = Double(parameters["MIS_TAKEOFF_ALT"] ?? Float(profile.cruiseAltitude))
        }
        mode = .takeoff
        holdPoint = kinematics.position
        return .accepted
    }

    /// SET_MODE: the personality's custom mode numbering.
    mutating func setMode(baseMode: MAVMode, customMode: UInt32) -> MAVResult {
        switch personality.family {
        case .px4:
            return setMode(customMode: customMode)
        case .ardupilot:
            // GCS_MAVLINK::_set_mode_common: only custom modes; anything else is DENIED.
            guard baseMode.rawValue & MAVModeFlag.customModeEnabled.rawValue != 0 else { return .denied }
            return setCopterMode(ArduCopterMode(rawValue: customMode))
        }
    }

    /// Switches to a PX4 mode; DENIED for modes the sim does not fly or cannot enter now.
    mutating func setMode(customMode: UInt32) -> MAVResult {
        guard let newMode = FlightMode(customMode: customMode) else { return .denied }
        if faults.motorFailed && armed && newMode != .land { return .denied }
        switch newMode {
        case .mission:
            return startMission(first: -1)
        case .takeoff:
            takeoffAltitude = Double(parameters["MIS_TAKEOFF_ALT"] ?? Float(profile.cruiseAltitude))
            guard armed else { return .temporarilyRejected }
            mode = .takeoff
            holdPoint = kinematics.position
        case .returnToLaunch:
            guard armed, !landed else { return .temporarilyRejected }
            startReturn()
        case .hold, .position, .land:
            mode = newMode
            holdPoint = kinematics.position
        }
        return .accepted
    }

    /// MISSION_START or a switch to mission mode: flies now if armed, on arming otherwise (PX4).
    mutating func startMission(first: Int) -> MAVResult {
        guard hasMission else { return .denied }
        if faults.motorFailed && armed { return .denied }
        if first >= firstMissionItem && first < mission.count {
            missionCurrent = first
            missionFinished = false
        }
        mode = .mission
        prepareMissionStart()
        return .accepted
    }

    private mutating func prepareMissionStart() {
        if missionFinished {
            missionFinished = false
            missionCurrent = firstMissionItem
        }
        itemPhase = .start
        holdPoint = kinematics.position
        sendMissionCurrent()
    }

    private func defaultInterval(_ stream: TelemetryStream) -> Double {
        defaultIntervals[stream.rawValue]
    }

    /// Sets a stream's interval; 0 stops it.
    mutating func setInterval(_ stream: TelemetryStream, seconds: Double) {
        streamIntervals[stream.rawValue] = seconds
        streamDue[stream.rawValue] = time
    }
}
