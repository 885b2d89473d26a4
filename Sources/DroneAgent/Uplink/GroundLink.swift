import FleetProtocol
import Foundation
import Logging
import MQTTClient

/// The agent's MQTT connection: identity and credentials from the configuration, a retained `offline`
/// Last Will on the state topic, and a retained `online` state (with capabilities and the current
/// assignment) after every (re)connect and phase change.
public struct GroundLink: Sendable {
    public static let agentVersion = "0.1.0"

    public let client: MQTTClient
    public let droneID: DroneID
    public let topics: FleetTopics
    let codec = FleetCodec()
    let capabilities: VehicleCapabilities
    let logger: Logger

    /// Builds the client; nothing is sent until ``connect()``.
    public init(configuration: AgentConfiguration, logger: Logger) throws(ConfigurationError) {
        do {
            droneID = try DroneID(configuration.droneID)
            topics = try FleetTopics(prefix: configuration.mqtt.topicPrefix)
        } catch {
            throw .invalid(field: "droneId/mqtt.topicPrefix", reason: "\(error)")
        }
        capabilities = configuration.profile.capabilities
        self.logger = logger
        var password = configuration.mqtt.password
        if let file = configuration.mqtt.passwordFile {
            do {
                password = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)
            } catch {
                throw .unreadable(path: file, reason: error.localizedDescription)
            }
        }
        let offline = DroneState(
            droneID: droneID, presence: .offline, timeMs: Date().millis, agentVersion: Self.agentVersion,
            capabilities: capabilities)
        let willPayload: [UInt8]
        do { willPayload = try FleetCodec().encodeBytes(offline) } catch {
            throw .invalid(field: "vehicle", reason: "state message does not validate: \(error)")
        }
        let tls = configuration.mqtt.tls.map {
            MQTTTLSConfiguration(caFile: $0.caFile, certFile: $0.certFile, keyFile: $0.keyFile)
        }
        let mqtt = MQTTConfiguration(
            host: configuration.mqtt.host, port: configuration.mqtt.port, clientID: configuration.droneID,
            username: password == nil ? nil : configuration.droneID, password: password,
            keepAlive: .seconds(max(5, configuration.mqtt.keepAliveSeconds)),
            // A persistent session keeps QoS 1 commands sent while the agent restarts.
            cleanStart: false, sessionExpiry: .seconds(3600), tls: tls,
            will: MQTTWill(topic: topics.state(droneID), payload: willPayload, qos: .atLeastOnce, retain: true),
            reconnect: MQTTBackoff(minimum: .milliseconds(200), maximum: .seconds(5)))
        client = MQTTClient(configuration: mqtt, logger: logger)
    }

    /// Connects, retrying with backoff until it works or the task is cancelled.
    public func connect() async throws(CancellationError) {
        var attempt = 0
        while true {
            do {
                try await client.connect()
                logger.info("connected to broker")
                return
            } catch {
                if error.isAuthorizationFailure {
                    logger.error("broker refused credentials; retrying", metadata: ["error": "\(error)"])
                } else {
                    logger.warning("broker not reachable; retrying", metadata: ["error": "\(error)"])
                }
            }
            attempt += 1
            do { try await Task.sleep(for: client.configuration.reconnect.delay(attempt: min(attempt, 6))) } catch {
                throw CancellationError()
            }
        }
    }

    /// Publishes the retained presence state.
    public func publishState(
        _ presence: DroneState.Presence, assignment: (assignmentID: String, phase: AssignmentPhase)?, home: GeoPoint?,
        autopilot: String? = nil
    ) async {
        let state = DroneState(
            droneID: droneID, presence: presence, timeMs: Date().millis, agentVersion: Self.agentVersion,
            capabilities: capabilities, assignmentID: assignment?.assignmentID, phase: assignment?.phase, home: home,
            autopilot: autopilot)
        do {
            try await client.publish(
                topics.state(droneID), payload: codec.encodeBytes(state), qos: .atLeastOnce, retain: true)
        } catch {
            logger.warning("state publish failed", metadata: ["error": "\(error)"])
        }
    }
}
