import FleetProtocol
import Foundation
import GroundCore
import GroundObservability
import Logging
import MQTTClient
import ServiceLifecycle

/// Takes in everything the fleet publishes: telemetry, retained state (presence, LWT), events and
/// command replies, over one MQTT client (QoS 1, persistent session `ground-<instance>`).
///
/// Every message is handled as it arrives, in arrival order (a tracked delivery's SSE update leaves
/// with its telemetry sample); telemetry's registry update and store write are batched
/// (``FleetIngestConfiguration/batchSize`` or ``FleetIngestConfiguration/flushInterval``): one
/// registry update and one store transaction per batch.
/// A bad payload is counted (`skyrelay_bad_payloads_total{kind,reason}`) and logged, never fatal; a
/// message from a drone that is not registered is counted (`skyrelay_unknown_drone_messages_total{kind}`)
/// and dropped.
package struct FleetIngest: Service {
    let client: MQTTClient
    let configuration: FleetIngestConfiguration
    let fleet: FleetRegistry
    let store: any GroundStore
    let deliveries: DeliveryService
    let dispatcher: MQTTDispatcher?
    let metrics: GroundMetrics
    /// Only messages from drones registered here touch fleet state.
    let roster: DroneRoster
    /// Where drone alarms open operator alerts (nil: logged only).
    let alerts: AlertCenter?
    /// Where swap-list changes relayed by the scheduler leader wake this instance's depot swap streams
    /// (nil: not followed).
    let swaps: SwapOrderSignal?
    let logger: Logger

    package init(
        client: MQTTClient, configuration: FleetIngestConfiguration = FleetIngestConfiguration(), fleet: FleetRegistry,
        store: any GroundStore, deliveries: DeliveryService, dispatcher: MQTTDispatcher?, metrics: GroundMetrics,
        roster: DroneRoster? = nil, alerts: AlertCenter? = nil, swaps: SwapOrderSignal? = nil,
        logger: Logger = Logger(label: "skyrelay.ground.ingest")
    ) {
        self.alerts = alerts
        self.swaps = swaps
        self.roster = roster ?? DroneRoster(store: store)
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
    package func run() async throws {
        let (telemetryFilter, otherFilters) = try configuration.filters()
        try await connect()
        var pipeline = IngestPipeline(ingest: self)
        // Deliveries in flight before a restart: their ETAs resume with the first sample.
        await pipeline.directory.reload()
        logger.info(
            "fleet ingest subscribing", metadata: ["telemetry": "\(telemetryFilter)", "others": "\(otherFilters)"])
        // Bounded by messages in `backlog` (bursts are elements here); the flush tick is always taken.
        let (inputs, input) = AsyncStream.makeStream(of: IngestInput.self, bufferingPolicy: .unbounded)
        let backlog = IngestBacklog(capacity: Self.inputCapacity)
        if configuration.shareGroup == nil {
            try await subscribe([[telemetryFilter] + otherFilters], into: input, backlog)
        } else {
            // Not shared: every instance hears what the others relay (see GroundRelayTopics).
            let relayFilters = GroundRelayTopics(configuration.topics).filters
            try await subscribe([otherFilters, [telemetryFilter], relayFilters], into: input, backlog)
            logger.info(
                "ground relay subscribed",
                metadata: ["filters": "\(relayFilters)", "origin": "\(client.configuration.clientID)"])
        }
        await consume(inputs, input, backlog, &pipeline)
        await client.disconnect()
    }

    /// Subscribes to each group of filters in turn, every read burst going straight from the client's
    /// network thread into `input` as one element: the ingest loop takes it without a forwarding task
    /// in between, and without a stream operation per message. Messages arriving while ``inputCapacity``
    /// messages wait (`backlog`) are dropped and counted in `skyrelay_ingest_dropped_total`. The input
    /// ends when the client has ended every subscription.
    private func subscribe(
        _ groups: [[String]], into input: AsyncStream<IngestInput>.Continuation, _ backlog: IngestBacklog
    ) async throws {
        let open = OpenSubscriptions(count: groups.count)
        let metrics = self.metrics
        for filters in groups {
            _ = try await client.subscribe(
                filters, qos: .atLeastOnce,
                deliver: { messages in
                    let fitting = backlog.reserve(messages.count)
                    if fitting > 0 {
                        let taken = fitting == messages.count ? messages : Array(messages.prefix(fitting))
                        if case .terminated = input.yield(.messages(taken)) { backlog.release(fitting) }
                    }
                    let dropped = messages.count - fitting
                    if dropped > 0 { metrics.recordIngestDropped(count: dropped) }
                    return dropped
                },
                ended: { if open.close() { input.finish() } })
        }
    }

    /// Handles every message as it arrives and applies telemetry in batches of at most `batchSize`
    /// samples or every `flushInterval`, whichever comes first.
    ///
    /// The subscriptions' messages (see ``subscribe(_:into:_:)``) and the flush tick come through one
    /// buffered stream, so while messages wait the loop takes each without a task switch.
    private func consume(
        _ inputs: AsyncStream<IngestInput>, _ input: AsyncStream<IngestInput>.Continuation,
        _ backlog: IngestBacklog, _ pipeline: inout IngestPipeline
    ) async {
        let flushInterval = configuration.flushInterval
        var telemetry = TelemetryBatch()
        await withDiscardingTaskGroup { group in
            group.addTask {
                // The flush tick also keeps the pipeline's timers (event-log holes) going when nothing arrives.
                do {
                    while true {
                        try await Task.sleep(for: flushInterval)
                        input.yield(.flush)
                    }
                } catch {
                    // Cancelled: the loop below has ended.
                }
            }
            group.addTask {
                do { try await gracefulShutdown() } catch {
                    // Cancelled: the loop below has ended.
                }
                input.finish()
            }
            // What is buffered when the stream finishes is still handled before the loop ends.
            for await item in inputs {
                switch item {
                case let .messages(burst):
                    backlog.release(burst.count)
                    for message in burst {
                        await pipeline.handle(message, into: &telemetry)
                        if telemetry.count >= configuration.batchSize { await pipeline.finish(&telemetry) }
                    }
                case .flush:
                    await pipeline.finish(&telemetry)
                }
            }
            group.cancelAll()
        }
        // What arrived since the last flush is still stored on the way out.
        await pipeline.finish(&telemetry)
    }

    /// Messages the ingest loop may have waiting (the MQTT client's own buffer comes before it).
    static let inputCapacity = 100_000

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
                logger.warning(
                    "broker not reachable, retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
            }
            try await Task.sleep(for: client.configuration.reconnect.delay(attempt: min(attempt, 8)))
        }
    }
}

/// What the ingest loop reacts to: the fleet messages of one read burst, or the batch timer.
enum IngestInput: Sendable {
    case messages([MQTTMessage])
    case flush
}
