import MAVLink

extension Vehicle {
    /// MISSION_COUNT: starts an upload of a mission, fence or rally points (count 0 clears it) and
    /// requests item 0.
    mutating func beginUpload(_ m: MissionCount, from sender: Sender, environment: SimulationEnvironment) {
        guard [.mission, .fence, .rally].contains(m.missionType) else {
            // PX4 answers INVALID for a type it does not handle; ArduPilot, having no protocol for
            // it, UNSUPPORTED.
            let result: MAVMissionResult = personality.family == .px4 ? .invalid : .unsupported
            outbox.send(
                MissionAck(
                    targetSystem: sender.system, targetComponent: sender.component, type: result,
                    missionType: m.missionType))
            return
        }
        if m.count == 0 {
            clear(m.missionType)
            outbox.send(
                MissionAck(
                    targetSystem: sender.system, targetComponent: sender.component, type: .accepted,
                    missionType: m.missionType))
            return
        }
        upload = MissionUpload(
            partnerSystem: sender.system, partnerComponent: sender.component,
            missionType: m.missionType, count: Int(m.count), lastRequest: time)
        requestNextItem()
    }

    /// MISSION_ITEM_INT, or a float MISSION_ITEM converted (`integer` false), during an upload.
    mutating func receiveItem(_ item: MissionItemInt, integer: Bool, from sender: Sender) {
        guard var transfer = upload else {
            // The uploader re-sends the last item when our final MISSION_ACK was lost (message loss):
            // acknowledge the finished upload again, or it times out.
            let stored = plan(item.missionType)
            switch personality.family {
            case .px4:
                // handle_mission_item_both in IDLE: the last item again is re-acknowledged, any
                // other item is refused.
                if Int(item.seq) == stored.count - 1 {
                    outbox.send(
                        MissionAck(
                            targetSystem: sender.system, targetComponent: sender.component, type: .accepted,
                            missionType: item.missionType))
                } else {
                    statusText(.critical, "IGN MISSION_ITEM: No transfer")
                    outbox.send(
                        MissionAck(
                            targetSystem: sender.system, targetComponent: sender.component, type: .error,
                            missionType: item.missionType))
                }
            case .ardupilot:
                if Int(item.seq) == stored.count - 1, let last = stored.items.last, Self.sameWire(last, item) {
                    outbox.send(
                        MissionAck(
                            targetSystem: sender.system, targetComponent: sender.component, type: .accepted,
                            missionType: item.missionType))
                }
            }
            return
        }
        guard item.missionType == transfer.missionType else {
            // mavlink_mission.cpp: "Unexpected mission type" ends the transfer with ERROR.
            outbox.send(
                MissionAck(
                    targetSystem: transfer.partnerSystem, targetComponent: transfer.partnerComponent, type: .error,
                    missionType: transfer.missionType))
            upload = nil
            return
        }
        let seq = Int(item.seq)
        guard seq == transfer.nextSeq else {
            // A duplicate of an item we already have is ignored; one from the future means we
            // missed some: ask again for the one we need.
            if seq > transfer.nextSeq { requestNextItem() }
            return
        }
        if let refusal = refusal(of: item, integer: integer, type: transfer.missionType) {
            outbox.send(
                MissionAck(
                    targetSystem: transfer.partnerSystem, targetComponent: transfer.partnerComponent, type: refusal,
                    missionType: transfer.missionType))
            upload = nil
            return
        }
        transfer.items.append(item)
        transfer.retries = 0
        upload = transfer
        guard transfer.items.count == transfer.count else {
            requestNextItem()
            return
        }
        upload = nil
        if let refusal = refusalOfComplete(transfer.items, type: transfer.missionType) {
            outbox.send(
                MissionAck(
                    targetSystem: transfer.partnerSystem, targetComponent: transfer.partnerComponent, type: refusal,
                    missionType: transfer.missionType))
            return
        }
        store(transfer.items, type: transfer.missionType)
        outbox.send(
            MissionAck(
                targetSystem: transfer.partnerSystem, targetComponent: transfer.partnerComponent, type: .accepted,
                missionType: transfer.missionType))
        if transfer.missionType == .mission {
            // MissionItemProtocol_Waypoints::complete.
            if personality.family == .ardupilot { statusText(.info, "Flight plan received") }
            sendMissionCurrent()
        }
    }

    /// The MISSION_ACK result with which the personality refuses one item, nil when it takes it.
    private mutating func refusal(of item: MissionItemInt, integer: Bool, type: MAVMissionType) -> MAVMissionResult? {
        switch personality.family {
        case .px4:
            if let parse = PX4MissionItemCheck.parse(item, integer: integer) {
                statusText(.critical, "IGN MISSION_ITEM: Invalid item")
                return parse
            }
            if let check = PX4MissionItemCheck.check(item, integer: integer, type: type) { return check }
        case .ardupilot:
            let result: MAVMissionResult? =
                switch type {
                case .fence: ArduPilotMissionItemCheck.fence(item)
                case .rally: ArduPilotMissionItemCheck.rally(item)
                default: ArduPilotMissionItemCheck.mission(item)
                }
            if let result { return result }
        }
        // The firmware takes it; the sim must also be able to fly it (docs/firmware-sim.md).
        guard type != .mission || MissionPlan.simulatedCommands.contains(item.command.rawValue) else {
            statusText(.warning, "firmware-sim: command \(item.command.rawValue) not simulated")
            return .unsupported
        }
        return nil
    }

    /// Checks on a whole upload: ArduPilot validates a fence only once every item is there.
    private mutating func refusalOfComplete(_ items: [MissionItemInt], type: MAVMissionType) -> MAVMissionResult? {
        guard personality.family == .ardupilot, type == .fence else { return nil }
        let texts = ArduPilotMissionItemCheck.validateFence(items)
        guard !texts.isEmpty else { return nil }
        for text in texts { statusText(.warning, text) }
        return .error
    }

    private mutating func store(_ items: [MissionItemInt], type: MAVMissionType) {
        switch type {
        case .fence:
            fence = MissionPlan(items: items)
            reloadFence()
        case .rally: rally = MissionPlan(items: items)
        default:
            mission = MissionPlan(items: items)
            missionCurrent = firstMissionItem
            missionFinished = false
            itemPhase = .start
            reachedItems = []
            startedDoItems = []
            if mode == .mission && personality.family == .px4 { enterHold() }
        }
    }

    /// Byte equality of two items (params are often NaN, which `==` never equals).
    static func sameWire(_ a: MissionItemInt, _ b: MissionItemInt) -> Bool {
        var left: [UInt8] = [], right: [UInt8] = []
        a.encodePayload(into: &left)
        b.encodePayload(into: &right)
        return left == right
    }

    private mutating func requestNextItem() {
        guard var transfer = upload else { return }
        outbox.send(
            MissionRequestInt(
                targetSystem: transfer.partnerSystem, targetComponent: transfer.partnerComponent,
                seq: UInt16(transfer.nextSeq), missionType: transfer.missionType))
        transfer.lastRequest = time
        upload = transfer
    }

    /// Re-requests a missing item after a (wall-time) timeout; gives up after a few tries.
    mutating func retryUpload(environment: SimulationEnvironment) {
        guard var transfer = upload,
            time - transfer.lastRequest >= environment.simulated(wallSeconds: MissionUpload.retryWallSeconds)
        else { return }
        transfer.retries += 1
        upload = transfer
        if transfer.retries > MissionUpload.maxRetries {
            outbox.send(
                MissionAck(
                    targetSystem: transfer.partnerSystem, targetComponent: transfer.partnerComponent,
                    type: .operationCancelled, missionType: transfer.missionType))
            upload = nil
            statusText(.warning, "Mission upload timed out")
        } else {
            requestNextItem()
        }
    }

    /// The stored items of a mission type.
    func plan(_ type: MAVMissionType) -> MissionPlan {
        switch type {
        case .fence: fence
        case .rally: rally
        default: mission
        }
    }

    /// MISSION_COUNT of a download: ArduPilot always has its home slot at seq 0.
    func downloadCount(_ type: MAVMissionType) -> Int {
        guard [.mission, .fence, .rally].contains(type) else { return 0 }
        let count = plan(type).count
        return type == .mission && personality.family == .ardupilot ? max(count, 1) : count
    }

    /// Answers a download request for one item, as the personality stores and returns it.
    mutating func sendItem(seq: Int, type: MAVMissionType, integer: Bool, to sender: Sender) {
        guard seq >= 0, seq < downloadCount(type) else {
            outbox.send(
                MissionAck(
                    targetSystem: sender.system, targetComponent: sender.component, type: .invalidSequence,
                    missionType: type))
            return
        }
        var item = downloadItem(seq: seq, type: type, integer: integer)
        item.seq = UInt16(seq)
        item.missionType = type
        item.targetSystem = sender.system
        item.targetComponent = sender.component
        item.current = type == .mission && seq == missionCurrent ? 1 : 0
        if integer {
            outbox.send(item)
        } else {
            outbox.send(MissionPlan.floatItem(item))
        }
    }

    private func downloadItem(seq: Int, type: MAVMissionType, integer: Bool) -> MissionItemInt {
        switch (personality.family, type) {
        case (.ardupilot, .mission) where seq == 0:
            // AP_Mission::read_cmd_from_storage: command 0 is always home, whatever was uploaded.
            return MissionItemInt(
                seq: 0, frame: .global, command: .navWaypoint, autocontinue: 1,
                x: Int32((home.latitude * 1e7).rounded()), y: Int32((home.longitude * 1e7).rounded()),
                z: Float(home.altitude), missionType: .mission)
        case (.ardupilot, .fence):
            // MissionItemProtocol_Fence::get_item_as_mission_item: frame 0, altitude 0, only param1.
            let stored = fence.items[seq]
            return MissionItemInt(
                frame: .global, command: stored.command, param1: stored.param1,
                x: stored.x, y: stored.y, z: 0, missionType: .fence)
        case (.ardupilot, .rally):
            // MissionItemProtocol_Rally::get_item: relative altitude, whole metres.
            let stored = rally.items[seq]
            return MissionItemInt(
                frame: .globalRelativeAlt, command: .navRallyPoint,
                x: stored.x, y: stored.y, z: Float(Int16(stored.z)), missionType: .rally)
        case (.px4, .fence), (.px4, .rally):
            // format_mavlink_mission_item: params zero but param1 (vertex count, radius), the
            // frame in the flavour of the download message.
            let stored = plan(type).items[seq]
            let relative = stored.frame == .globalRelativeAlt || stored.frame == .globalRelativeAltInt
            let frame: MAVFrame =
                relative ? (integer ? .globalRelativeAltInt : .globalRelativeAlt) : (integer ? .globalInt : .global)
            let param1: Float = stored.command == .navRallyPoint ? 0 : stored.param1
            return MissionItemInt(
                frame: frame, command: stored.command, autocontinue: stored.autocontinue, param1: param1,
                x: stored.x, y: stored.y, z: stored.z, missionType: type)
        default:
            return mission.items[seq]
        }
    }

    /// MISSION_CLEAR_ALL (and MISSION_COUNT 0) for one type, or all of them.
    mutating func clear(_ type: MAVMissionType) {
        if type == .fence || type == .all {
            fence = MissionPlan()
            reloadFence()
        }
        if type == .rally || type == .all { rally = MissionPlan() }
        if type == .mission || type == .all { clearMission() }
    }

    mutating func clearMission() {
        mission = MissionPlan()
        missionCurrent = 0
        missionFinished = false
        itemPhase = .start
        reachedItems = []
        if mode == .mission && personality.family == .px4 { enterHold() }
        sendMissionCurrent()
    }

    mutating func setCurrent(_ seq: Int) {
        guard seq >= firstMissionItem, mission.items.indices.contains(seq) else {
            statusText(.warning, "Mission set current: no item \(seq)")
            return
        }
        missionCurrent = seq
        missionFinished = false
        itemPhase = .start
        sendMissionCurrent()
    }

    /// The first item flown: ArduPilot's seq 0 is its home slot.
    var firstMissionItem: Int { personality.family == .ardupilot ? 1 : 0 }

    /// Whether there is something to fly.
    var hasMission: Bool { mission.count > firstMissionItem }

    /// MISSION_CURRENT as the personality fills it.
    ///
    /// PX4 (streams/MISSION_CURRENT.hpp): total is the item count; mission_state 1 none, 2 not
    /// started, 3 active, 5 complete, or always 0 up to 1.15. ArduPilot
    /// (GCS_MAVLINK::send_mission_current): total excludes the home slot; mission_state from
    /// AP_Mission's state.
    mutating func sendMissionCurrent() {
        switch personality.family {
        case .px4:
            let running = mode == .mission && armed
            let state: UInt8 = !hasMission ? 1 : missionFinished ? 5 : running ? 3 : 2
            let reported = personality.px4MissionState == .reported ? state : 0
            outbox.send(
                MissionCurrent(
                    seq: UInt16(missionCurrent), total: UInt16(mission.count), missionState: reported,
                    missionMode: mode == .mission ? 1 : 0))
        case .ardupilot:
            // AP_Mission runs from entering AUTO (armed or not) until it completes or AUTO is left.
            let state: UInt8 = !hasMission ? 1 : missionFinished ? 5 : mode == .mission ? 3 : 2
            outbox.send(
                MissionCurrent(
                    seq: UInt16(missionCurrent), total: UInt16(max(0, mission.count - 1)), missionState: state,
                    missionMode: mode == .mission ? 1 : 0))
        }
    }
}
