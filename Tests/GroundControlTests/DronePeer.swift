import FleetProtocol
import Foundation
import MQTTClient
import TestSupport

/// The drone side of the MQTT link, played by a test: a real MQTT client publishing real
/// FleetProtocol messages and reading the commands ground sends.
actor DronePeer {
    let client: MQTTClient
    let topics = FleetTopics.default
    let codec = FleetCodec()
    private var seq: [String: UInt64] = [:]
    /// Registers a drone id with ground before the peer first speaks for it, as an operator
    /// provisions a drone before it flies; nil plays an impostor (never registered).
    private var registrar: (@Sendable (String) async throws -> Void)?
    private var registered: Set<String> = []

    init(port: UInt16, clientID: String = "peer-" + UUID().uuidString.prefix(8).lowercased()) {
        client = MQTTClient(configuration: MQTTConfiguration(port: Int(port), clientID: clientID))
    }

    /// From now on, every drone id this peer speaks for is first registered through `registrar`.
    func provision(through registrar: @escaping @Sendable (String) async throws -> Void) {
        self.registrar = registrar
    }

    private func ensureRegistered(_ drone: String) async throws {
        guard let registrar, !registered.contains(drone) else { return }
        try await registrar(drone)
        registered.insert(drone)
    }

    func connect() async throws {
        try await client.connect()
    }

    func disconnect() async {
        responder?.cancel()
        await client.disconnect()
    }

    /// Commands received so far, in arrival order.
    private(set) var received: [Command] = []
    /// Command payloads that did not decode, with the error (a test failure to investigate).
    private(set) var undecodable: [String] = []
    private var responder: Task<Void, Never>?

    /// Records every command ground sends to any drone and answers it with `policy`
    /// (true: accept, false: reject as busy, nil: stay silent).
    func answer(_ policy: @escaping @Sendable (Command) -> Bool?) async throws {
        let subscription = try await client.subscribe([topics.filter(.commands)], qos: .atLeastOnce)
        let codec = codec
        responder = Task {
            for await message in subscription {
                let command: Command
                do { command = try codec.decode(Command.self, from: message.payload) } catch {
                    self.undecodable.append("\(error)")
                    continue
                }
                self.record(command)
                if let accepted = policy(command) {
                    try? await self.reply(to: command, accepted: accepted, reason: accepted ? nil : .busy)
                }
            }
        }
    }

    private func record(_ command: Command) { received.append(command) }

    /// The `assign` commands received, as (drone, assignment).
    var assignments: [(drone: String, assignment: Assignment)] {
        received.compactMap { command in
            if case let .assign(assignment) = command.kind { return (command.droneID.rawValue, assignment) }
            return nil
        }
    }

    /// The drones that received a `cancel`, with the assignment it names.
    var cancels: [(drone: String, assignmentID: String)] {
        received.compactMap { command in
            if case let .cancel(assignmentID, _) = command.kind { return (command.droneID.rawValue, assignmentID) }
            return nil
        }
    }

    func publish<M: FleetMessage>(_ message: M, drone: String, retain: Bool = false) async throws {
        let id = try DroneID(drone)
        try await ensureRegistered(drone)
        let qos: MQTTQoS = M.topicKind == .telemetry ? .atMostOnce : .atLeastOnce
        try await client.publish(
            topics.topic(M.topicKind, for: id), payload: codec.encodeBytes(message), qos: qos, retain: retain)
    }

    /// Raw bytes on one of a drone's topics (malformed payloads).
    func publishRaw(_ text: String, drone: String, kind: TopicKind) async throws {
        try await ensureRegistered(drone)
        try await client.publish(topics.topic(kind, for: DroneID(drone)), payload: Array(text.utf8), qos: .atLeastOnce)
    }

    func online(
        _ drone: String, at home: GeoPoint, assignmentID: String? = nil, phase: AssignmentPhase? = nil,
        maxPayloadKg: Double = VehicleProfile.default.capabilities.maxPayloadKg
    ) async throws {
        var capabilities = VehicleProfile.default.capabilities
        capabilities.maxPayloadKg = maxPayloadKg
        let state = DroneState(
            droneID: try DroneID(drone), presence: .online, timeMs: Self.nowMs(), agentVersion: "test",
            capabilities: capabilities, assignmentID: assignmentID, phase: phase, home: home)
        try await publish(state, drone: drone, retain: true)
    }

    /// What the broker publishes as the will when the agent's link dies.
    func offline(_ drone: String) async throws {
        let state = DroneState(
            droneID: try DroneID(drone), presence: .offline, timeMs: Self.nowMs(), agentVersion: "test",
            capabilities: VehicleProfile.default.capabilities)
        try await publish(state, drone: drone, retain: true)
    }

    /// One telemetry sample at `point`, flying at `velocity` (m/s north, east), with the next seq.
    func telemetry(
        _ drone: String, at point: GeoPoint, battery: Double = 90, velocity: (north: Double, east: Double) = (0, 0),
        assignmentID: String? = nil, timeMs: Int64? = nil, chargeState: Telemetry.Battery.ChargeState? = nil
    ) async throws {
        let next = (seq[drone] ?? 0) + 1
        seq[drone] = next
        let sample = Telemetry(
            droneID: try DroneID(drone), seq: next, timeMs: timeMs ?? Self.nowMs(),
            position: .init(lat: point.lat, lon: point.lon, altAmslM: 460, altRelM: 50),
            velocity: .init(northMps: velocity.north, eastMps: velocity.east, downMps: 0), headingDeg: 0,
            battery: .init(percent: battery, voltageV: 23, chargeState: chargeState), flightMode: "mission",
            armed: assignmentID != nil,
            landedState: assignmentID == nil ? .onGround : .inAir, gps: .init(fixType: 3, satellites: 12),
            assignmentID: assignmentID)
        try await publish(sample, drone: drone)
    }

    func event(
        _ drone: String, seq: UInt64, assignmentID: String, phase: AssignmentPhase, at point: GeoPoint,
        battery: Double = 80, reason: ReasonCode? = nil, timeMs: Int64? = nil
    ) async throws {
        let event = DroneEvent(
            droneID: try DroneID(drone), eventSeq: seq, timeMs: timeMs ?? Self.nowMs(), assignmentID: assignmentID,
            position: .init(lat: point.lat, lon: point.lon, altAmslM: 460, altRelM: 50), batteryPercent: battery,
            kind: .phase(phase, reason: reason))
        try await publish(event, drone: drone)
    }

    func reply(to command: Command, accepted: Bool, reason: ReasonCode? = nil) async throws {
        let reply = CommandReply(
            commandID: command.commandID, droneID: command.droneID, accepted: accepted, reason: reason,
            message: accepted ? nil : "test says no", timeMs: Self.nowMs())
        try await publish(reply, drone: command.droneID.rawValue)
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
