import MAVLink

extension AutopilotLink {
    /// Uploads `items` with the MAVLink mission protocol: MISSION_COUNT, then each MISSION_ITEM_INT the
    /// autopilot requests, until MISSION_ACK. A silent autopilot gets the last message again; the whole
    /// transfer is restarted up to `attempts` times.
    public func uploadMission(_ items: [MissionItemInt], attempts: Int = 3, stepTimeout: Duration = .milliseconds(1500))
        async throws(AutopilotError)
    {
        let target = snapshot()
        let count = MissionCount(
            targetSystem: target.systemID, targetComponent: target.componentID,
            count: UInt16(items.count), missionType: .mission)
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
                        guard let m = try? frame.decode(as: MissionRequestInt.self), m.missionType == .mission,
                            Self.addressedToUs(
                                system: m.targetSystem, component: m.targetComponent, vehicle: target.systemID)
                        else { return nil }
                        return .request(Int(m.seq))
                    case MissionRequest.messageID:
                        guard let m = try? frame.decode(as: MissionRequest.self), m.missionType == .mission,
                            Self.addressedToUs(
                                system: m.targetSystem, component: m.targetComponent, vehicle: target.systemID)
                        else { return nil }
                        return .request(Int(m.seq))
                    case MissionAck.messageID:
                        guard let m = try? frame.decode(as: MissionAck.self), m.missionType == .mission,
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
                    item.missionType = .mission
                    try await send(item)
                    lastSent = item
                    silentSteps = 0
                case .ack(let result)?:
                    guard result == .accepted else {
                        throw .missionRejected(
                            result: result.rawValue, item: lastSent.map { Int($0.seq) },
                            command: lastSent?.command.rawValue)
                    }
                    missionReplaced(count: items.count)
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

/// What the autopilot said during an upload.
enum MissionAnswer: Sendable {
    case request(Int)
    case ack(MAVMissionResult)
}
