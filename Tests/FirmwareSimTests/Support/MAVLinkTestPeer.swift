import MAVLink
import TestSupport

/// A ground station for tests: a `udpout` MAVLink connection (the project's real UDP transport) to one
/// simulated vehicle, keeping every frame received in order so a test can wait for what it expects.
actor MAVLinkTestPeer {
    struct Timeout: Error, CustomStringConvertible {
        let what: String
        var description: String { "timed out waiting for \(what)" }
    }

    static let systemID: UInt8 = 255
    static let componentID: UInt8 = 190

    private let connection: MAVLinkConnection
    private var reader: Task<Void, Never>?
    /// Every frame received, oldest first.
    private(set) var frames: [MAVLinkFrame] = []
    private var consumed = 0

    /// A peer that talks to the vehicle listening on 127.0.0.1:`vehiclePort` (signing with `security`).
    init(vehiclePort: Int, security: MAVLinkLinkSecurity = .none) async throws {
        connection = try await MAVLinkConnection.open(
            .udpConnect(host: "127.0.0.1", port: vehiclePort), security: security)
        let frames = connection.frames
        reader = Task { [weak self] in
            for await received in frames {
                await self?.record(received.frame)
            }
        }
    }

    /// A peer listening on 127.0.0.1:`port` for a vehicle configured to send there (it replies to the
    /// vehicle once it has heard it).
    init(listeningOn port: Int) async throws {
        connection = try await MAVLinkConnection.open(.udpListen(host: "127.0.0.1", port: port))
        let frames = connection.frames
        reader = Task { [weak self] in
            for await received in frames {
                await self?.record(received.frame)
            }
        }
    }

    private func record(_ frame: MAVLinkFrame) {
        frames.append(frame)
    }

    /// Closes the socket.
    func close() async {
        reader?.cancel()
        await connection.close()
    }

    /// Sends one message to the vehicle.
    func send(_ message: some MAVLinkMessage) async throws {
        try await connection.send(message, systemID: Self.systemID, componentID: Self.componentID)
    }

    /// Waits for the next (not yet consumed) message of `type` matching `predicate`; frames before it are consumed.
    /// Every wall-clock bound here is stretched by `TestPace.slowdown`, as the simulator is slowed by it.
    func next<M: MAVLinkMessage>(
        _ type: M.Type, timeout: Duration = .seconds(10), where predicate: (M) -> Bool = { _ in true }
    ) async throws -> M {
        let deadline = ContinuousClock.now + TestPace.scaled(timeout)
        while true {
            while consumed < frames.count {
                let frame = frames[consumed]
                consumed += 1
                if frame.messageID == M.messageID, let m = try? frame.decode(as: M.self), predicate(m) { return m }
            }
            guard ContinuousClock.now < deadline else { throw Timeout(what: M.messageName) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Sends COMMAND_LONG and waits for its COMMAND_ACK. Other frames stay unconsumed: what the vehicle
    /// sent along with the ack (STATUSTEXT, a requested message) is still there for `next`.
    func command(
        _ command: MAVCmd, _ params: Float..., target: UInt8 = 1, component: UInt8 = 1
    ) async throws -> MAVResult {
        let p = Array((params + Array(repeating: 0, count: 7)).prefix(7))
        // The ack can only come after the send: scan from there with a cursor of our own.
        var cursor = frames.count
        // As a GCS does (MAVLink command protocol): resend with `confirmation` counting up until an ack
        // arrives, since either datagram may be lost on a loaded loopback.
        var confirmation: UInt8 = 0
        var resendAt = ContinuousClock.now
        let deadline = ContinuousClock.now + TestPace.scaled(.seconds(10))
        while true {
            if ContinuousClock.now >= resendAt {
                try await send(
                    CommandLong(
                        targetSystem: target, targetComponent: component, command: command,
                        confirmation: confirmation,
                        param1: p[0], param2: p[1], param3: p[2], param4: p[3], param5: p[4], param6: p[5], param7: p[6]
                    ))
                confirmation &+= 1
                resendAt = .now + TestPace.scaled(.milliseconds(1500))
            }
            while cursor < frames.count {
                let frame = frames[cursor]
                cursor += 1
                if frame.messageID == CommandAck.messageID, let ack = try? frame.decode(as: CommandAck.self),
                    ack.command == command
                {
                    return ack.result
                }
            }
            guard ContinuousClock.now < deadline else { throw Timeout(what: "COMMAND_ACK for \(command)") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Uploads `items` with the mission protocol and returns the MISSION_ACK result.
    func upload(_ items: [MissionItemInt], target: UInt8 = 1) async throws -> MAVMissionResult {
        try await send(
            MissionCount(targetSystem: target, targetComponent: 1, count: UInt16(items.count), missionType: .mission))
        let deadline = ContinuousClock.now + TestPace.scaled(.seconds(20))
        while ContinuousClock.now < deadline {
            while consumed < frames.count {
                let frame = frames[consumed]
                consumed += 1
                if frame.messageID == MissionRequestInt.messageID,
                    let request = try? frame.decode(as: MissionRequestInt.self)
                {
                    try await send(items[Int(request.seq)])
                } else if frame.messageID == MissionAck.messageID, let ack = try? frame.decode(as: MissionAck.self) {
                    return ack.type
                }
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw Timeout(what: "MISSION_ACK")
    }

    /// The link's counters (strangers, signature failures).
    func linkStatistics() async throws -> MAVLinkLinkStatistics {
        try await connection.linkStatistics()
    }

    /// Frames received so far of one message id.
    func received<M: MAVLinkMessage>(_ type: M.Type) -> [M] {
        frames.compactMap { $0.messageID == M.messageID ? try? $0.decode(as: M.self) : nil }
    }
}
