import MAVLink

extension AutopilotLink {
    /// Uploads `items` with the MAVLink mission protocol: MISSION_COUNT, then each MISSION_ITEM_INT the
    /// autopilot requests, until MISSION_ACK. A silent autopilot gets the last message again; the whole
    /// transfer is restarted up to `attempts` times. `type` is MISSION, FENCE or RALLY.
    public func uploadMission(
        _ items: [MissionItemInt], type: MAVMissionType = .mission, attempts: Int = 3,
        stepTimeout: Duration = .milliseconds(1500)
    ) async throws(AutopilotError) {
        let target = snapshot()
        let count = MissionCount(
            targetSystem: target.systemID, targetComponent: target.componentID,
            count: UInt16(items.count), missionType: type)
        for _ in 0..<max(1, attempts) {
            let frames = frames()
            try await send(count)
            var lastSent: MissionItemInt?
            var silentSteps = 0
            while silentSteps < 4 {
                // Requests and acks addressed to another component belong to someone else's transfer.
                let answer = await firstMatch(in: frames, within: stepTimeout) { frame -> MissionAnswer? in
                    switch frame.messageID {
                    case MissionRequestInt.messageID:
                        guard let m = try? frame.decode(as: MissionRequestInt.self), m.missionType == type,
                            Self.addressedToUs(
                                system: m.targetSystem, component: m.targetComponent, vehicle: target.systemID)
                        else { return nil }
                        return .request(Int(m.seq))
                    case MissionRequest.messageID:
                        guard let m = try? frame.decode(as: MissionRequest.self), m.missionType == type,
                            Self.addressedToUs(
                                system: m.targetSystem, component: m.targetComponent, vehicle: target.systemID)
                        else { return nil }
                        return .request(Int(m.seq))
                    case MissionAck.messageID:
                        guard let m = try? frame.decode(as: MissionAck.self), m.missionType == type,
                            Self.addressedToUs(
                                system: m.targetSystem, component: m.targetComponent, vehicle: target.systemID)
                        else { return nil }
                        return .ack(m.type)
                    default: return nil
                    }
                }
                switch answer {
                case .request(let seq)?:
                    guard items.indices.contains(seq) else {
                        throw .missionRejected(result: MAVMissionResult.invalidSequence.rawValue)
                    }
                    var item = items[seq]
                    item.seq = UInt16(seq)
                    item.targetSystem = target.systemID
                    item.targetComponent = target.componentID
                    item.missionType = type
                    try await send(item)
                    lastSent = item
                    silentSteps = 0
                case .ack(let result)?:
                    guard result == .accepted else {
                        throw .missionRejected(
                            result: result.rawValue, item: lastSent.map { Int($0.seq) },
                            command: lastSent?.command.rawValue)
                    }
                    if type == .mission { missionReplaced(count: items.count) }
                    return
                case nil:
                    silentSteps += 1
                    if let lastSent { try await send(lastSent) } else { try await send(count) }
                }
            }
        }
        throw .missionUploadTimedOut(items: items.count, attempts: attempts)
    }
}

extension AutopilotLink {
    /// Reads the stored items of `type` back (MISSION_REQUEST_LIST, MISSION_COUNT, MISSION_REQUEST_INT per
    /// item, MISSION_ACK at the end), re-asking for what does not come.
    public func downloadMission(
        type: MAVMissionType, attempts: Int = 3, stepTimeout: Duration = .milliseconds(1500)
    ) async throws(AutopilotError) -> [MissionItemInt] {
        let target = snapshot()
        let vehicle = target.systemID
        let list = MissionRequestList(
            targetSystem: target.systemID, targetComponent: target.componentID, missionType: type)
        for _ in 0..<max(1, attempts) {
            var frames = frames()
            try await send(list)
            let count = await firstMatch(in: frames, within: stepTimeout) { frame -> Int? in
                guard frame.messageID == MissionCount.messageID, let m = try? frame.decode(as: MissionCount.self),
                    m.missionType == type,
                    Self.addressedToUs(system: m.targetSystem, component: m.targetComponent, vehicle: vehicle)
                else { return nil }
                return Int(m.count)
            }
            guard let count else { continue }
            var items: [MissionItemInt] = []
            var silent = 0
            while items.count < count, silent < 4 {
                frames = self.frames()
                let seq = items.count
                try await send(
                    MissionRequestInt(
                        targetSystem: target.systemID, targetComponent: target.componentID, seq: UInt16(seq),
                        missionType: type))
                let item = await firstMatch(in: frames, within: stepTimeout) { frame -> MissionItemInt? in
                    guard frame.messageID == MissionItemInt.messageID,
                        let m = try? frame.decode(as: MissionItemInt.self), m.missionType == type, Int(m.seq) == seq,
                        Self.addressedToUs(system: m.targetSystem, component: m.targetComponent, vehicle: vehicle)
                    else { return nil }
                    return m
                }
                if let item {
                    items.append(item)
                    silent = 0
                } else {
                    silent += 1
                }
            }
            guard items.count == count else { continue }
            try await send(
                MissionAck(
                    targetSystem: target.systemID, targetComponent: target.componentID, type: .accepted,
                    missionType: type))
            return items
        }
        throw .missionDownloadTimedOut(type: type.rawValue, attempts: max(1, attempts))
    }
}

/// What the autopilot said during an upload.
enum MissionAnswer: Sendable {
    case request(Int)
    case ack(MAVMissionResult)
}

extension AutopilotLink {
    /// Makes item `seq` the current one (MISSION_SET_CURRENT) and waits for MISSION_CURRENT to say so.
    public func setCurrentMissionItem(_ seq: Int, attempts: Int = 3, timeout: Duration = .milliseconds(1500))
        async throws(AutopilotError)
    {
        let target = snapshot()
        for _ in 0..<max(1, attempts) {
            let frames = frames()
            try await send(
                MissionSetCurrent(targetSystem: target.systemID, targetComponent: target.componentID, seq: UInt16(seq)))
            let confirmed = await firstMatch(in: frames, within: timeout) { frame -> Bool? in
                guard frame.messageID == MissionCurrent.messageID, frame.systemID == target.systemID,
                    let m = try? frame.decode(as: MissionCurrent.self), Int(m.seq) == seq
                else { return nil }
                return true
            }
            if confirmed == true { return }
        }
        throw .noAck(command: UInt16(truncatingIfNeeded: MissionSetCurrent.messageID), attempts: max(1, attempts))
    }
}
