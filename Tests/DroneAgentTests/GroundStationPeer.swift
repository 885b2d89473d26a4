import MAVLink
import TestSupport

/// A second ground station on the vehicle (sysid 255, compid 190, as QGroundControl is), talking to the
/// simulated autopilot's ground-station MAVLink instance (`--gcs-base-port`, PX4 SITL's GCS link) over
/// the project's real UDP transport while the agent flies it on the other instance.
///
/// Each exchange re-sends until the autopilot's answer reaches this peer, as a ground station on a
/// lossy link does.
actor GroundStationPeer {
    struct Timeout: Error, CustomStringConvertible {
        let what: String
        var description: String { "ground station: timed out waiting for \(what)" }
    }

    static let systemID: UInt8 = 255
    static let componentID: UInt8 = 190

    private let connection: MAVLinkConnection
    private var reader: Task<Void, Never>?
    private var frames: [MAVLinkFrame] = []

    init(vehiclePort: Int) async throws {
        connection = try await MAVLinkConnection.open(.udpConnect(host: "127.0.0.1", port: vehiclePort))
        let stream = connection.frames
        reader = Task { [weak self] in
            for await received in stream { await self?.record(received.frame) }
        }
    }

    private func record(_ frame: MAVLinkFrame) { frames.append(frame) }

    func close() async {
        reader?.cancel()
        await connection.close()
    }

    func send(_ message: some MAVLinkMessage) async throws {
        try await connection.send(message, systemID: Self.systemID, componentID: Self.componentID)
    }

    /// Sends `message` every `interval` until a frame after the send matches `answer`.
    private func exchange<T: Sendable>(
        _ what: String, _ message: some MAVLinkMessage, interval: Duration = .milliseconds(250),
        timeout: Duration = .seconds(15),
        answer: (MAVLinkFrame) -> T?
    ) async throws -> T {
        var cursor = frames.count
        let deadline = ContinuousClock.now + TestPace.scaled(timeout)
        while ContinuousClock.now < deadline {
            try await send(message)
            let until = ContinuousClock.now + interval
            while ContinuousClock.now < until {
                while cursor < frames.count {
                    let frame = frames[cursor]
                    cursor += 1
                    if let value = answer(frame) { return value }
                }
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        throw Timeout(what: what)
    }

    /// PARAM_SET, confirmed by the PARAM_VALUE echo (what an integrator's ground station does).
    func setParameter(_ name: String, _ value: Float, type: MAVParamType = .int16) async throws {
        let set = ParamSet(targetSystem: 1, targetComponent: 1, paramID: name, paramValue: value, paramType: type)
        _ = try await exchange("PARAM_VALUE \(name)", set) { frame -> Bool? in
            guard frame.messageID == ParamValue.messageID, let m = try? frame.decode(as: ParamValue.self),
                m.paramID == name, m.paramValue == value
            else { return nil }
            return true
        }
    }

    /// Reads one parameter's PARAM_VALUE as it comes over the wire.
    func readParameter(_ name: String) async throws -> ParamValue {
        let read = ParamRequestRead(targetSystem: 1, targetComponent: 1, paramID: name, paramIndex: -1)
        return try await exchange("PARAM_VALUE \(name)", read) { frame -> ParamValue? in
            guard frame.messageID == ParamValue.messageID, let m = try? frame.decode(as: ParamValue.self),
                m.paramID == name
            else { return nil }
            return m
        }
    }

    /// Downloads the stored items of `type` (MISSION_REQUEST_LIST, then MISSION_REQUEST_INT per item).
    func download(_ type: MAVMissionType) async throws -> [MissionItemInt] {
        let list = MissionRequestList(targetSystem: 1, targetComponent: 1, missionType: type)
        let count = try await exchange("MISSION_COUNT", list) { frame -> Int? in
            guard frame.messageID == MissionCount.messageID, let m = try? frame.decode(as: MissionCount.self),
                m.targetSystem == Self.systemID, m.missionType == type
            else { return nil }
            return Int(m.count)
        }
        var items: [MissionItemInt] = []
        for seq in 0..<count {
            let request = MissionRequestInt(
                targetSystem: 1, targetComponent: 1, seq: UInt16(seq), missionType: type)
            items.append(
                try await exchange("fence item \(seq)", request) { frame -> MissionItemInt? in
                    guard frame.messageID == MissionItemInt.messageID,
                        let m = try? frame.decode(as: MissionItemInt.self), m.targetSystem == Self.systemID,
                        Int(m.seq) == seq, m.missionType == type
                    else { return nil }
                    return m
                })
        }
        try await send(MissionAck(targetSystem: 1, targetComponent: 1, type: .accepted, missionType: type))
        return items
    }

    /// Uploads `items` as this ground station's mission; returns the MISSION_ACK result.
    func uploadMission(_ items: [MissionItemInt]) async throws -> MAVMissionResult {
        var next: any MAVLinkMessage = MissionCount(
            targetSystem: 1, targetComponent: 1, count: UInt16(items.count), missionType: .mission)
        while true {
            let answer = try await exchange("mission request or ack", next) { frame -> Either? in
                switch frame.messageID {
                case MissionRequestInt.messageID:
                    guard let m = try? frame.decode(as: MissionRequestInt.self), m.targetSystem == Self.systemID else {
                        return nil
                    }
                    return .request(Int(m.seq))
                case MissionAck.messageID:
                    guard let m = try? frame.decode(as: MissionAck.self), m.targetSystem == Self.systemID else {
                        return nil
                    }
                    return .ack(m.type)
                default: return nil
                }
            }
            switch answer {
            case let .request(seq):
                guard items.indices.contains(seq) else { return .invalidSequence }
                var item = items[seq]
                item.seq = UInt16(seq)
                item.targetSystem = 1
                item.targetComponent = 1
                next = item
            case let .ack(result):
                return result
            }
        }
    }

    private enum Either: Sendable {
        case request(Int)
        case ack(MAVMissionResult)
    }
}
