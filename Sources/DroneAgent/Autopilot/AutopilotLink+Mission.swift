import MAVLink

extension AutopilotLink {
    /// Uploads `items` with the MAVLink mission protocol: MISSION_COUNT, then each MISSION_ITEM_INT the
    /// autopilot requests, until MISSION_ACK. A silent autopilot gets the last message again; the whole
    /// transfer is restarted up to `attempts` times.
    public func uploadMission(_ items: [MissionItemInt], attempts: Int = 3, stepTimeout: Duration = .milliseconds(1500)) async throws(AutopilotError) {
        let target = snapshot()
        let count = MissionCount(targetSystem: target.systemID, targetComponent: target.componentID,
                                 count: UInt16(items.count), missionType: .mission)
        for _ in 0..<max(1, attempts) {
            let frames = frames()
            try await send(count)
            var lastSent: MissionItemInt?
            var silentSteps = 0
            while silentSteps < 4 {
                let answer = await firstMatch(in: frames, within: stepTimeout) { frame -> MissionAnswer? in
                    switch frame.messageID {
                    case MissionRequestInt.messageID:
                        (try? frame.decode(as: MissionRequestInt.self)).map { .request(Int($0.seq)) }
                    case MissionRequest.messageID:
                        (try? frame.decode(as: MissionRequest.self)).map { .request(Int($0.seq)) }
                    case MissionAck.messageID:
                        (try? frame.decode(as: MissionAck.self)).map { .ack($0.type) }
                    default: nil
                    }
                }
                switch answer {
                case .request(let seq)?:
                    guard items.indices.contains(seq) else { throw .missionRejected(result: MAVMissionResult.invalidSequence.rawValue) }
                    var item = items[seq]
                    item.seq = UInt16(seq)
                    item.targetSystem = target.systemID
                    item.targetComponent = target.componentID
                    item.missionType = .mission
                    try await send(item)
                    lastSent = item
                    silentSteps = 0
                case .ack(let result)?:
                    guard result == .accepted else { throw .missionRejected(result: result.rawValue) }
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
