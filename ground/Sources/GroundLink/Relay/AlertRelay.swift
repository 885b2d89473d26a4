import FleetProtocol
import GroundCore
import GroundObservability
import Logging
import MQTTClient
import ServiceLifecycle

/// Sends this instance's alert changes to the other instances of its share group
/// (`<prefix>/ground/alerts/<origin>`, QoS 1), so an alert stream open on any instance shows every
/// alert opened, acknowledged or resolved, whichever instance made the change.
///
/// The share group's relay rather than PostgreSQL LISTEN/NOTIFY: the instances already exchange tracking
/// changes on it, its connection and resubscription are the ingest's, and it needs no extra database
/// session per instance. ``send(_:)`` only queues; an alert that does not fit the queue is counted and
/// logged (the stream's snapshot and `GET /v1/alerts` read the shared table).
package struct AlertRelay: AlertChangeSink, Service {
    let client: MQTTClient
    let topics: GroundRelayTopics
    let metrics: GroundMetrics
    let logger: Logger
    private let queue: AsyncStream<Alert>
    private let input: AsyncStream<Alert>.Continuation

    /// Alert changes waiting to be published when the broker is slow or away.
    package static let queueCapacity = 1_000

    package init(
        client: MQTTClient, topics: FleetTopics, metrics: GroundMetrics,
        logger: Logger = Logger(label: "skyrelay.ground.relay")
    ) {
        self.client = client
        self.topics = GroundRelayTopics(topics)
        self.metrics = metrics
        self.logger = logger
        let (stream, continuation) = AsyncStream.makeStream(
            of: Alert.self, bufferingPolicy: .bufferingOldest(Self.queueCapacity))
        queue = stream
        input = continuation
    }

    /// This instance's id on the relay topics (its MQTT client id, unique per instance).
    var origin: String { client.configuration.clientID }

    /// Queues one alert change for the other instances.
    package func send(_ alert: Alert) {
        if case .dropped = input.yield(alert) {
            metrics.recordRelay(kind: "alert", outcome: "dropped")
            logger.warning(
                "alert relay queue full: change not sent to the other instances", metadata: ["alert": "\(alert.id)"])
        }
    }

    /// Publishes queued changes in order until graceful shutdown.
    package func run() async throws {
        let encoder = RelayedStatusChange.encoder()
        let topic = topics.alerts(origin: origin)
        for await alert in queue.cancelOnGracefulShutdown() {
            do {
                let payload = try encoder.encode(RelayedAlert(origin: origin, alert: alert))
                try await client.publish(topic, payload: [UInt8](payload), qos: .atLeastOnce)
                metrics.recordRelay(kind: "alert", outcome: "sent")
            } catch {
                metrics.recordRelay(kind: "alert", outcome: "failed")
                logger.warning("alert change not relayed", metadata: ["alert": "\(alert.id)", "error": "\(error)"])
            }
        }
        input.finish()
    }
}
