import MAVLink

extension Vehicle {
    /// MISSION_COUNT: starts an upload (count 0 clears the mission) and requests item 0.
    mutating func beginUpload(_ m: MissionCount, from sender: Sender, environment: SimulationEnvironment) {
        guard m.missionType == .mission else {
            // Fences and rally points are not simulated: an empty one is fine, anything else is not.
            let result: MAVMissionResult = m.count == 0 ? .accepted : .unsupported
            outbox.send(MissionAck(targetSystem: sender.system, targetComponent: sender.component, type: result, missionType: m.missionType))
            return
        }
        if m.count == 0 {
            clearMission()
            outbox.send(MissionAck(targetSystem: sender.system, targetComponent: sender.component, type: .accepted, missionType: .mission))
            return
        }
        upload = MissionUpload(partnerSystem: sender.system, partnerComponent: sender.component, count: Int(m.count), lastRequest: time)
        requestNextItem()
    }

    /// MISSION_ITEM_INT (or converted MISSION_ITEM) during an upload.
    mutating func receiveItem(_ item: MissionItemInt, from sender: Sender) {
        guard var transfer = upload, item.missionType == .mission else {
            // The uploader re-sends the last item when our final MISSION_ACK was lost (message loss):
            // acknowledge the finished upload again, as PX4 does, or it times out.
            if upload == nil, item.missionType == .mission, Int(item.seq) == mission.count - 1,
               let last = mission.items.last, Self.sameWire(last, item) {
                outbox.send(MissionAck(targetSystem: sender.system, targetComponent: sender.component, type: .accepted, missionType: .mission))
            }
            return
        }
        let seq = Int(item.seq)
        guard seq == transfer.nextSeq else {
            // A duplicate of an item we already have is ignored; one from the future means we
            // missed some: ask again for the one we need.
            if seq > transfer.nextSeq { requestNextItem() }
            return
        }
        if let error = MissionPlan.validate(item) {
            outbox.send(MissionAck(targetSystem: transfer.partnerSystem, targetComponent: transfer.partnerComponent, type: error, missionType: .mission))
            upload = nil
            return
        }
        transfer.items.append(item)
        transfer.retries = 0
        upload = transfer
        if transfer.items.count == transfer.count {
            mission = MissionPlan(items: transfer.items)
            missionCurrent = 0
            missionFinished = false
            itemPhase = .start
            reachedItems = []
            upload = nil
            outbox.send(MissionAck(targetSystem: transfer.partnerSystem, targetComponent: transfer.partnerComponent, type: .accepted, missionType: .mission))
            sendMissionCurrent()
            if mode == .mission { enterHold() }
        } else {
            requestNextItem()
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
        outbox.send(MissionRequestInt(targetSystem: transfer.partnerSystem, targetComponent: transfer.partnerComponent,
                                      seq: UInt16(transfer.nextSeq), missionType: .mission))
        transfer.lastRequest = time
        upload = transfer
    }

    /// Re-requests a missing item after a (wall-time) timeout; gives up after a few tries.
    mutating func retryUpload(environment: SimulationEnvironment) {
        guard var transfer = upload, time - transfer.lastRequest >= environment.simulated(wallSeconds: MissionUpload.retryWallSeconds) else { return }
        transfer.retries += 1
        upload = transfer
        if transfer.retries > MissionUpload.maxRetries {
            outbox.send(MissionAck(targetSystem: transfer.partnerSystem, targetComponent: transfer.partnerComponent,
                                   type: .operationCancelled, missionType: .mission))
            upload = nil
            statusText(.warning, "Mission upload timed out")
        } else {
            requestNextItem()
        }
    }

    /// Answers a download request for one item.
    mutating func sendItem(seq: Int, integer: Bool, to sender: Sender) {
        guard mission.items.indices.contains(seq) else {
            outbox.send(MissionAck(targetSystem: sender.system, targetComponent: sender.component, type: .invalidSequence, missionType: .mission))
            return
        }
        var item = mission.items[seq]
        item.targetSystem = sender.system
        item.targetComponent = sender.component
        item.current = seq == missionCurrent ? 1 : 0
        if integer {
            outbox.send(item)
        } else {
            outbox.send(MissionPlan.floatItem(item))
        }
    }

    mutating func clearMission() {
        mission = MissionPlan()
        missionCurrent = 0
        missionFinished = false
        itemPhase = .start
        reachedItems = []
        if mode == .mission { enterHold() }
        sendMissionCurrent()
    }

    mutating func setCurrent(_ seq: Int) {
        guard mission.items.indices.contains(seq) else {
            statusText(.warning, "Mission set current: no item \(seq)")
            return
        }
        missionCurrent = seq
        missionFinished = false
        itemPhase = .start
        sendMissionCurrent()
    }

    /// MISSION_CURRENT with PX4's mission_state (1 none, 2 not started, 3 active, 5 complete).
    mutating func sendMissionCurrent() {
        let state: UInt8 = mission.isEmpty ? 1 : missionFinished ? 5 : (mode == .mission && armed) ? 3 : 2
        outbox.send(MissionCurrent(seq: UInt16(missionCurrent), total: UInt16(mission.count), missionState: state, missionMode: mode == .mission ? 1 : 0))
    }
}
