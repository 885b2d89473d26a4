import AsyncAlgorithms
import FleetProtocol
import Foundation
import Logging
import MQTTClient
import ServiceLifecycle

/// Takes in everything the fleet publishes: telemetry, retained state (presence, LWT), events and
/// command replies, over one MQTT client (QoS 1, persistent session `ground-<instance>`).
///
/// Messages are processed in batches (``FleetIngestConfiguration/batchSize`` or
/// ``FleetIngestConfiguration/flushInterval``): telemetry of a batch costs one registry update
/// and one store transaction; state, events and replies are handled in arrival order within it.
/// A bad payload is counted (`skyrelay_bad_payloads_total{kind,reason}`) and logged, never fatal.
public struct FleetIngest: Service {
    let client: MQTTClient
    let configuration: FleetIngestConfiguration
    let fleet: FleetRegistry
    let store: any GroundStore
    let deliveries: DeliveryService
    let dispatcher: MQTTDispatcher?
    let metrics: GroundMetrics
    let logger: Logger

    public init(
        client: MQTTClient, configuration: FleetIngestConfiguration = FleetIngestConfiguration(), fleet: FleetRegistry,
        store: any GroundStore, deliveries: DeliveryService, dispatcher: MQTTDispatcher?, metrics: GroundMetrics,
        logger: Logger = Logger(label: "skyrelay.ground.ingest")
    ) {
        self.client = client
        self.configuration = configuration
        self.fleet = fleet
        self.store = store
        self.deliveries = deliveries
        self.dispatcher = dispatcher
        self.metrics = metrics
        self.logger = logger
    }

    /// Connects (retrying until the broker answers), subscribes and processes until graceful
    /// shutdown, then disconnects.
    public func run() async throws {
        let (telemetryFilter, otherFilters) = try configuration.filters()
        try await connect()
        var pipeline = IngestPipeline(ingest: self)
        // Deliveries in flight before a restart: their ETAs resume with the first sample.
        await pipeline.directory.reload()
        logger.info("fleet ingest subscribing", metadata: ["telemetry": "\(telemetryFilter)", "others": "\(otherFilters)"])
        if configuration.shareGroup == nil {
            await consume(try await client.subscribe([telemetryFilter] + otherFilters, qos: .atLeastOnce), &pipeline)
        } else {
            let others = try await client.subscribe(otherFilters, qos: .atLeastOnce)
            let telemetry = try await client.subscribe([telemetryFilter], qos: .atLeastOnce)
            // Not shared: every instance hears what the others relay (see GroundRelayTopics).
            let relayFilters = GroundRelayTopics(configuration.topics).filters
            let relayed = try await client.subscribe(relayFilters, qos: .atLeastOnce)
            logger.info("ground relay subscribed", metadata: ["filters": "\(relayFilters)", "origin": "\(client.configuration.clientID)"])
            await consume(merge(others, telemetry, relayed), &pipeline)
        }
        await client.disconnect()
    }

    /// Processes batches of at most `batchSize` messages, or what arrived within `flushInterval`.
    private func consume(_ messages: some AsyncSequence<MQTTMessage, Never> & Sendable, _ pipeline: inout IngestPipeline) async {
        let batches = messages.chunks(ofCount: configuration.batchSize, or: .repeating(every: configuration.flushInterval))
        // An empty batch every second keeps the pipeline's timers (event-log holes) going when nothing arrives.
        let ticks = AsyncTimerSequence.repeating(every: .seconds(1)).map { @Sendable _ in [MQTTMessage]() }
        for await batch in merge(batches, ticks).cancelOnGracefulShutdown() {
            await pipeline.process(batch)
        }
    }

    /// The broker may come up after ground control (container start order): retry with the
    /// client's backoff until connected or cancelled.
    private func connect() async throws {
        var attempt = 0
        while true {
            do {
                try await client.connect()
                return
            } catch {
                attempt += 1
                logger.warning("broker not reachable, retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
            }
            try await Task.sleep(for: client.configuration.reconnect.delay(attempt: min(attempt, 8)))
        }
    }
}
