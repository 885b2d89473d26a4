import FleetProtocol
import Foundation
import MQTTClient

/// Subscribes to everything one drone publishes and keeps it for assertions.
actor FleetObserver {
    let client: MQTTClient
    private(set) var events: [DroneEvent] = []
    private(set) var replies: [CommandReply] = []
    private(set) var telemetry: [Telemetry] = []
    private(set) var lastState: DroneState?
    /// Proof-of-delivery chunks, as ground would receive them.
    private(set) var proofChunks: [ProofChunk] = []
    private var task: Task<Void, Never>?

    init(
        host: String, port: Int, droneID: DroneID, credentials: (username: String, password: String)? = nil,
        tlsCAFile: String? = nil
    ) async throws {
        // Persistent session: QoS 1 events published while this observer reconnects are kept for it.
        client = MQTTClient(
            configuration: MQTTConfiguration(
                host: host, port: port, clientID: "observer-\(UUID().uuidString.prefix(8))",
                username: credentials?.username,
                password: credentials?.password, cleanStart: false,
                sessionExpiry: .seconds(600), tls: tlsCAFile.map { MQTTTLSConfiguration(caFile: $0) },
                reconnect: MQTTBackoff(minimum: .milliseconds(100), maximum: .seconds(1))))
        try await client.connect()
        let subscription = try await client.subscribe(
            [
                FleetTopics.default.topic(.events, for: droneID),
                FleetTopics.default.topic(.replies, for: droneID),
                FleetTopics.default.topic(.telemetry, for: droneID),
                FleetTopics.default.topic(.state, for: droneID),
                FleetTopics.default.topic(.proof, for: droneID),
            ], qos: .atLeastOnce)
        task = Task { [weak self] in
            for await message in subscription { await self?.receive(message) }
        }
    }

    private func receive(_ message: MQTTMessage) {
        let codec = FleetCodec()
        if message.topic.hasSuffix("/events"), let e = try? codec.decode(DroneEvent.self, from: message.payload) {
            events.append(e)
        }
        if message.topic.hasSuffix("/replies"), let r = try? codec.decode(CommandReply.self, from: message.payload) {
            replies.append(r)
        }
        if message.topic.hasSuffix("/telemetry"), let t = try? codec.decode(Telemetry.self, from: message.payload) {
            telemetry.append(t)
        }
        if message.topic.hasSuffix("/state"), let s = try? codec.decode(DroneState.self, from: message.payload) {
            lastState = s
        }
        if message.topic.hasSuffix("/proof"), let p = try? codec.decode(ProofChunk.self, from: message.payload) {
            proofChunks.append(p)
        }
    }

    func reply(_ commandID: String) -> CommandReply? { replies.last { $0.commandID == commandID } }
    func replies(_ commandID: String) -> [CommandReply] { replies.filter { $0.commandID == commandID } }

    /// Phase events of one assignment, de-duplicated by eventSeq (at-least-once delivery), in eventSeq order.
    func phases(_ assignmentID: String) -> [(seq: UInt64, phase: AssignmentPhase, reason: ReasonCode?)] {
        var seen = Set<UInt64>()
        return events.sorted { $0.eventSeq < $1.eventSeq }.compactMap { event in
            guard event.assignmentID == assignmentID, case let .phase(phase, reason) = event.kind,
                seen.insert(event.eventSeq).inserted
            else { return nil }
            return (event.eventSeq, phase, reason)
        }
    }

    /// Alarms received, de-duplicated by eventSeq, in eventSeq order.
    func alarms() -> [(seq: UInt64, timeMs: Int64, code: ReasonCode, severity: DroneEvent.Severity)] {
        var seen = Set<UInt64>()
        return events.sorted { $0.eventSeq < $1.eventSeq }.compactMap { event in
            guard case let .alarm(code, severity, _) = event.kind, seen.insert(event.eventSeq).inserted else {
                return nil
            }
            return (event.eventSeq, event.timeMs, code, severity)
        }
    }

    /// eventSeqs that arrived more than once with different content: one number given to two events.
    func conflictingEventSeqs() -> [UInt64] {
        Dictionary(grouping: events, by: \.eventSeq).filter { _, copies in
            Set(copies.map { "\($0.kind)|\($0.assignmentID ?? "")|\($0.timeMs)" }).count > 1
        }.keys.sorted()
    }

    /// Telemetry received after `timeMs` (wall clock, ms since the epoch).
    func telemetry(after timeMs: Int64) -> [Telemetry] { telemetry.filter { $0.timeMs > timeMs } }

    /// Distinct eventSeqs received so far, sorted.
    func eventSeqs() -> [UInt64] { Array(Set(events.map(\.eventSeq))).sorted() }
}
