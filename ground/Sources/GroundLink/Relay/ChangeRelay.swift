import FleetProtocol
import GroundCore
import GroundObservability
import Logging
import MQTTClient
import ServiceLifecycle

/// Sends this instance's changes of one kind to the other instances of its share group (QoS 1, not
/// retained), in the order they were made.
///
/// ``send(_:)`` only queues: the domain never waits on the broker. The queue is bounded; a change that
/// does not fit is counted and logged (receivers read the shared database for new streams' snapshots).
package struct ChangeRelay<Change: RelayedChange>: Service {
    let client: MQTTClient
    let topics: GroundRelayTopics
    let metrics: GroundMetrics
    let logger: Logger
    private let queue: AsyncStream<Change>
    private let input: AsyncStream<Change>.Continuation

    package init(
        client: MQTTClient, topics: FleetTopics, metrics: GroundMetrics,
        logger: Logger = Logger(label: "skyrelay.ground.relay")
    ) {
        self.client = client
        self.topics = GroundRelayTopics(topics)
        self.metrics = metrics
        self.logger = logger
        (queue, input) = AsyncStream.makeStream(
            of: Change.self, bufferingPolicy: .bufferingOldest(Change.relayQueueCapacity))
    }

    /// This instance's id on the relay topics (its MQTT client id, unique per instance).
    var origin: String { client.configuration.clientID }

    /// Queues one change for the other instances.
    package func send(_ change: Change) {
        if case .dropped = input.yield(change) {
            metrics.recordRelay(kind: Change.relayKind, outcome: "dropped")
            logger.warning(
                "\(Change.relayKind) relay queue full: change not sent to the other instances",
                metadata: change.relayMetadata)
        }
    }

    /// Publishes queued changes in order until graceful shutdown.
    package func run() async throws {
        let encoder = RelayedStatusChange.encoder()
        for await change in queue.cancelOnGracefulShutdown() {
            do {
                let payload = try encoder.encode(change.relayMessage(origin: origin))
                try await client.publish(
                    change.relayTopic(topics, origin: origin), payload: [UInt8](payload), qos: .atLeastOnce)
                metrics.recordRelay(kind: Change.relayKind, outcome: "sent")
            } catch {
                metrics.recordRelay(kind: Change.relayKind, outcome: "failed")
                var metadata = change.relayMetadata
                metadata["error"] = "\(error)"
                logger.warning("\(Change.relayKind) change not relayed", metadata: metadata)
            }
        }
        input.finish()
    }
}
