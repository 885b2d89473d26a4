import FleetProtocol
import Foundation
import GroundCore
import GroundObservability
import MQTTClient

/// The ingest's working state, owned by its one consuming task (no actor needed): assignment
/// directory, per-delivery ETA estimators, last telemetry seq and known phase per drone.
struct IngestPipeline {
    let ingest: FleetIngest
    let codec = FleetCodec()
    var directory: AssignmentDirectory
    var estimators: [String: ETAEstimator] = [:]
    /// Each drone's telemetry stream as far as this process has seen it (seq, history spacing).
    var streams: [String: TelemetryStream] = [:]
    /// With a share group: the ground-internal relay between instances (nil: alone).
    let relay: GroundRelayTopics?
    var relayThrottle = LiveRelayThrottle()
    let relayDecoder = JSONDecoder()
    let statusDecoder = RelayedStatusChange.decoder()
    /// Highest eventSeq per drone whose phase this process applied (events another instance stored first).
    var appliedEventSeq: [String: Int64] = [:]
    /// Last phase heard per drone, with its assignment (telemetry carries no phase).
    var phases: [String: (assignmentID: String, phase: AssignmentPhase)] = [:]
    var homes: [String: GeoPoint] = [:]
    /// Each drone's advertised vehicle profile (from its retained state).
    var profiles: [String: VehicleProfile] = [:]
    /// Each drone's event log as far as this process knows it (loaded from the store on first contact).
    var eventLogs: [String: EventLogWatch] = [:]
    /// Drones whose log has a hole, checked after every batch.
    var eventLogHoles: Set<String> = []
    /// How long a hole may stay before the drone is asked to re-send, and how often it is asked again.
    static let eventHoleGrace: Duration = .seconds(3)
    static let eventReplayRetry: Duration = .seconds(15)
    /// Battery when an assignment was first heard of, for energy per delivery.
    var startBattery: [String: Double] = [:]
    /// The roster's snapshot as last handed over (see ``admits(_:kind:)``).
    var rosterView: DroneRoster.View?
    /// When each unregistered drone's messages were last logged (rate limit of that log line).
    var unknownDroneLogged: [String: ContinuousClock.Instant] = [:]
    /// The store's history spacing (``TelemetryRetentionPolicy/sampleInterval``), read once.
    let historyInterval: Double
    /// `skyrelay_ingest_lag_seconds`, looked up once.
    let lag: DurationRecorder

    init(ingest: FleetIngest) {
        self.ingest = ingest
        directory = AssignmentDirectory(store: ingest.store, logger: ingest.logger)
        lag = ingest.metrics.ingestLag()
        historyInterval = ingest.store.telemetryPolicy.sampleInterval
        relay = ingest.configuration.shareGroup == nil ? nil : GroundRelayTopics(ingest.configuration.topics)
    }

    /// This instance's id on the relay topics: its MQTT client id.
    var origin: String { ingest.client.configuration.clientID }

    /// The vehicle model of `droneID`: what it advertised, else the configured default.
    func profile(of droneID: String) -> VehicleProfile { profiles[droneID] ?? ingest.configuration.vehicle }

    /// Handles one message as it arrives: state, events and replies at once; telemetry's tracking
    /// update at once too (SSE subscribers do not wait for a batch), its registry and store part
    /// collected in `telemetry` for the next ``finish(_:)``. Relayed messages from the other
    /// instances of a share group go to their own handler.
    mutating func handle(_ message: MQTTMessage, into telemetry: inout TelemetryBatch) async {
        if let relay, let relayKind = relay.kind(of: message.topic) {
            await handleRelayed(message, kind: relayKind, into: &telemetry)
            return
        }
        let drone: DroneID, kind: TopicKind
        do { (drone, kind) = try ingest.configuration.topics.parse(message.topic) } catch {
            reject(kind: "unknown", error, message)
            return
        }
        guard kind != .commands, kind != .proofAck else { return }
        guard await admits(drone, kind: kind) else { return }
        switch kind {
        case .telemetry: await take(message, from: drone, into: &telemetry)
        case .state: await handleState(message, from: drone)
        case .events: await handleEvent(message, from: drone)
        case .replies: await handleReply(message, from: drone)
        case .proof: await handleProof(message, from: drone)
        case .commands, .proofAck, .mavlinkUp, .mavlinkDown: return
        }
    }

    /// Applies the collected telemetry (one registry update, one store transaction), starts a new
    /// batch and asks drones whose event log has a lasting hole to re-send.
    mutating func finish(_ telemetry: inout TelemetryBatch) async {
        await flush(telemetry)
        if let oldest = telemetry.oldestReceivedAt { lag.record(.now - oldest) }
        await relayHandled(telemetry)
        telemetry.clear()
        await askForMissingEvents()
    }

    /// Decodes `M`, checking that the payload's drone is the topic's drone; nil (counted) when bad.
    func decode<M: FleetMessage & DroneAddressed>(_ type: M.Type, _ message: MQTTMessage, from drone: DroneID) -> M? {
        do {
            return try codec.decode(type, from: Data(message.payload), topicDrone: drone)
        } catch {
            reject(kind: type.topicKind.rawValue, error, message)
            return nil
        }
    }

    func reject(kind: String, _ error: ProtocolError, _ message: MQTTMessage) {
        ingest.metrics.recordBadPayload(kind: kind, reason: error.metricLabel)
        ingest.logger.warning(
            "bad fleet payload",
            metadata: [
                "topic": "\(message.topic)", "bytes": "\(message.payload.count)", "error": "\(error)",
            ])
    }

    mutating func handleReply(_ message: MQTTMessage, from drone: DroneID) async {
        guard let reply = decode(CommandReply.self, message, from: drone) else { return }
        ingest.metrics.recordIngest(kind: "reply")
        await ingest.dispatcher?.handle(reply)
    }
}
