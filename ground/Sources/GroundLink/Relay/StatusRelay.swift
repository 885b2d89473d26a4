import FleetProtocol
import GroundCore
import GroundObservability
import Logging
import MQTTClient
import ServiceLifecycle

/// Sends this instance's delivery status changes to the other instances of its share group
/// (`<prefix>/ground/tracking/<deliveryId>`, QoS 1), so an SSE stream open on any instance sees every
/// status and ends on the terminal one, whichever instance stored the event that caused it.
///
/// ``send(_:)`` only queues: the delivery service never waits on the broker. The queue is bounded;
/// an update that does not fit is counted and logged (receivers still read the status from the
/// shared database for new streams).
package struct StatusRelay: StatusChangeSink, Service {
    let client: MQTTClient
    let topics: GroundRelayTopics
    let metrics: GroundMetrics
    let logger: Logger
    private let queue: AsyncStream<TrackingUpdate>
    private let input: AsyncStream<TrackingUpdate>.Continuation

    /// Status changes waiting to be published when the broker is slow or away.
    package static let queueCapacity = 10_000

    package init(
        client: MQTTClient, topics: FleetTopics, metrics: GroundMetrics,
        logger: Logger = Logger(label: "skyrelay.ground.relay")
    ) {
        self.client = client
        self.topics = GroundRelayTopics(topics)
        self.metrics = metrics
        self.logger = logger
        let (stream, continuation) = AsyncStream.makeStream(
            of: TrackingUpdate.self, bufferingPolicy: .bufferingOldest(Self.queueCapacity))
        queue = stream
        input = continuation
    }

    /// This instance's id on the relay topics (its MQTT client id, unique per instance).
    var origin: String { client.configuration.clientID }

    /// Queues one status change for the other instances.
    package func send(_ update: TrackingUpdate) {
        if case .dropped = input.yield(update) {
            metrics.recordRelay(kind: "tracking", outcome: "dropped")
            logger.warning(
                "status relay queue full: update not sent to the other instances",
                metadata: ["delivery": "\(update.deliveryID)"])
        }
    }

    /// Publishes queued updates in order until graceful shutdown.
    package func run() async throws {
        let encoder = RelayedStatusChange.encoder()
        for await update in queue.cancelOnGracefulShutdown() {
            do {
                let payload = try encoder.encode(RelayedStatusChange(origin: origin, update: update))
                try await client.publish(
                    topics.tracking(deliveryID: update.deliveryID), payload: [UInt8](payload), qos: .atLeastOnce)
                metrics.recordRelay(kind: "tracking", outcome: "sent")
            } catch {
                metrics.recordRelay(kind: "tracking", outcome: "failed")
                logger.warning(
                    "status change not relayed", metadata: ["delivery": "\(update.deliveryID)", "error": "\(error)"])
            }
        }
        input.finish()
    }
}
