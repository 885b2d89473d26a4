import MAVLink

extension Vehicle {
    /// Handles one frame from a ground station or companion computer.
    ///
    /// Frames aimed at another system are ignored, like a real autopilot on a shared link; frames
    /// that fail to decode are counted by the caller and dropped.
    public mutating func receive(_ frame: MAVLinkFrame, environment: SimulationEnvironment) throws(MAVLinkError) {
        let sender = Sender(system: frame.systemID, component: frame.componentID)
        switch frame.messageID {
        case CommandLong.messageID:
            let m = try frame.decode(as: CommandLong.self)
            guard takesCommand(m.command, system: m.targetSystem, component: m.targetComponent) else { return }
            let command = Command(
                id: m.command, params: [m.param1, m.param2, m.param3, m.param4, m.param5, m.param6, m.param7])
            if m.targetComponent == SimulatedCamera.componentID {
                return receiveCameraCommand(command, from: sender, environment: environment)
            }
            acknowledge(command, result: execute(command, from: sender), to: sender)
        case CommandInt.messageID:
            let m = try frame.decode(as: CommandInt.self)
            guard takesCommand(m.command, system: m.targetSystem, component: m.targetComponent) else { return }
            let scale: Float = m.frame == .mission ? 1 : 1e-7
            let command = Command(
                id: m.command,
                params: [m.param1, m.param2, m.param3, m.param4, Float(m.x) * scale, Float(m.y) * scale, m.z])
            if m.targetComponent == SimulatedCamera.componentID {
                return receiveCameraCommand(command, from: sender, environment: environment)
            }
            acknowledge(command, result: execute(command, from: sender), to: sender)
        case SetMode.messageID:
            let m = try frame.decode(as: SetMode.self)
            guard targets(m.targetSystem) else { return }
            let result = setMode(baseMode: m.baseMode, customMode: m.customMode)
            if personality.family == .ardupilot {
                // GCS_MAVLINK::handle_set_mode acks the message with a COMMAND_ACK whose command is
                // SET_MODE's message id (11); PX4 sends none.
                outbox.send(
                    CommandAck(
                        command: MAVCmd(rawValue: UInt16(SetMode.messageID)), result: result,
                        targetSystem: sender.system, targetComponent: sender.component))
            }
        case MissionCount.messageID:
            let m = try frame.decode(as: MissionCount.self)
            guard targets(m.targetSystem) else { return }
            beginUpload(m, from: sender, environment: environment)
        case MissionItemInt.messageID:
            let m = try frame.decode(as: MissionItemInt.self)
            guard targets(m.targetSystem) else { return }
            receiveItem(m, integer: true, from: sender)
        case MissionItem.messageID:
            let m = try frame.decode(as: MissionItem.self)
            guard targets(m.targetSystem) else { return }
            receiveItem(MissionPlan.integerItem(m), integer: false, from: sender)
        case MissionRequestList.messageID:
            let m = try frame.decode(as: MissionRequestList.self)
            guard targets(m.targetSystem) else { return }
            outbox.send(
                MissionCount(
                    targetSystem: sender.system, targetComponent: sender.component,
                    count: UInt16(downloadCount(m.missionType)), missionType: m.missionType))
        case MissionRequestInt.messageID:
            let m = try frame.decode(as: MissionRequestInt.self)
            guard targets(m.targetSystem) else { return }
            sendItem(seq: Int(m.seq), type: m.missionType, integer: true, to: sender)
        case MissionRequest.messageID:
            let m = try frame.decode(as: MissionRequest.self)
            guard targets(m.targetSystem) else { return }
            sendItem(seq: Int(m.seq), type: m.missionType, integer: false, to: sender)
        case MissionClearAll.messageID:
            let m = try frame.decode(as: MissionClearAll.self)
            guard targets(m.targetSystem) else { return }
            clear(m.missionType)
            outbox.send(
                MissionAck(
                    targetSystem: sender.system, targetComponent: sender.component, type: .accepted,
                    missionType: m.missionType))
        case MissionSetCurrent.messageID:
            let m = try frame.decode(as: MissionSetCurrent.self)
            guard targets(m.targetSystem) else { return }
            setCurrent(Int(m.seq))
        case RequestDataStream.messageID:
            let m = try frame.decode(as: RequestDataStream.self)
            guard targets(m.targetSystem) else { return }
            for stream in TelemetryStream.streams(forDataStream: m.reqStreamID)
            where self.stream(messageID: stream.messageID) != nil {
                setInterval(
                    stream, seconds: m.startStop == 0 || m.reqMessageRate == 0 ? 0 : 1 / Double(m.reqMessageRate))
            }
        case ParamRequestList.messageID:
            let m = try frame.decode(as: ParamRequestList.self)
            guard targets(m.targetSystem) else { return }
            for i in parameters.entries.indices { outbox.send(parameters.message(at: i)) }
        case ParamRequestRead.messageID:
            let m = try frame.decode(as: ParamRequestRead.self)
            guard targets(m.targetSystem) else { return }
            let i = m.paramIndex >= 0 ? Int(m.paramIndex) : parameters.index(of: m.paramID)
            if let i, parameters.entries.indices.contains(i) { outbox.send(parameters.message(at: i)) }
        case ParamSet.messageID:
            let m = try frame.decode(as: ParamSet.self)
            guard targets(m.targetSystem) else { return }
            if parameters.set(m.paramID, m.paramValue), let i = parameters.index(of: m.paramID) {
                outbox.send(parameters.message(at: i))
            }
        case Timesync.messageID:
            let m = try frame.decode(as: Timesync.self)
            if m.tc1 == 0 { outbox.send(Timesync(tc1: Int64(time * 1e9), ts1: m.ts1)) }
        case Ping.messageID:
            let m = try frame.decode(as: Ping.self)
            if m.targetSystem == 0 {
                outbox.send(
                    Ping(
                        timeUsec: m.timeUsec, seq: m.seq, targetSystem: sender.system, targetComponent: sender.component
                    ))
            }
        case OpenDroneIDBasicID.messageID, OpenDroneIDLocation.messageID, OpenDroneIDSystem.messageID,
            OpenDroneIDOperatorID.messageID:
            // A Remote ID transponder behind the autopilot (AP_OpenDroneID, PX4's open_drone_id
            // passthrough) takes them without an answer; the sim counts what it would broadcast.
            let message = try frame.decode()
            remoteIDCounts[type(of: message).messageName, default: 0] += 1
        default:
            // Heartbeats of ground stations and everything else need no answer.
            break
        }
    }

    /// Whether a message addressed to `system` is for this vehicle (0 = broadcast).
    private func targets(_ system: UInt8) -> Bool { system == 0 || system == systemID }

    /// Whether a COMMAND_LONG / COMMAND_INT is for this vehicle. ArduPilot's routing processes a
    /// broadcast locally (`MAVLink_routing::check_and_forward`). PX4 takes a command only when it names
    /// its system and its component (or all components), and a broadcast only for the two legacy
    /// requests; any other command is ignored without an ack (`MavlinkReceiver::evaluate_target_ok`).
    private func takesCommand(_ command: MAVCmd, system: UInt8, component: UInt8) -> Bool {
        guard personality.family == .px4 else { return targets(system) }
        if command == .requestProtocolVersion || command == .requestAutopilotCapabilities { return targets(system) }
        return system == systemID
            && (component == 0 || component == Self.componentID || component == SimulatedCamera.componentID)
    }
}

/// The system and component a message came from (where answers go).
struct Sender: Sendable, Hashable {
    let system: UInt8
    let component: UInt8
}

/// A COMMAND_LONG or COMMAND_INT, normalised (COMMAND_INT's x/y as degrees in params 5/6).
struct Command: Sendable, Hashable {
    let id: MAVCmd
    let params: [Float]

    func param(_ n: Int) -> Float { params[n - 1] }
}
