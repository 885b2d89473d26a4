import FleetProtocol
import Foundation
import Logging
import MQTTClient
import TestSupport

@testable import GroundCore
@testable import GroundLink
@testable import GroundObservability
@testable import GroundStore

/// Ground's fleet link assembled in-process over a real mosquitto and a real SQLite file:
/// ``FleetIngest`` + ``MQTTDispatcher`` + ``DeliveryService``, plus a ``DronePeer`` playing the drones.
struct IngestHarness {
    let broker: MosquittoBroker
    let dir: TemporaryDirectory
    let store: SQLiteGroundStore
    let fleet: FleetRegistry
    let metrics: GroundMetrics
    let client: MQTTClient
    let dispatcher: MQTTDispatcher
    let deliveries: DeliveryService
    let ingest: FleetIngest
    /// Alerts the ingest opens (drone alarms).
    let alerts: AlertCenter
    /// Where the dispatcher announces its swap-list writes and the ingest applies relayed ones.
    let swaps: SwapOrderSignal
    let peer: DronePeer
    private let running: Task<Void, any Error>

    static let businessID = "biz_test"

    /// The dispatcher's timing is wall clock: stretched by `TestPace.slowdown`, so that a drone that answers
    /// is never taken for one that does not because the host runs slowly.
    init(
        dispatcher configuration: DispatcherConfiguration = DispatcherConfiguration(
            roundInterval: TestPace.scaled(.seconds(1)), replyTimeout: TestPace.scaled(.seconds(2)),
            requestWait: TestPace.scaled(.seconds(2))),
        shareGroup: String? = nil
    ) async throws {
        broker = try await MosquittoBroker.start()
        dir = try TemporaryDirectory()
        store = try SQLiteGroundStore(path: dir.sqlitePath())
        try await store.insertBusiness(Business(id: Self.businessID, name: "test", apiKeyHash: "x", createdAt: Date()))
        fleet = FleetRegistry()
        metrics = GroundMetrics()
        let port = await broker.port
        client = MQTTClient(
            configuration: MQTTConfiguration(
                port: Int(port), clientID: "ground-test-" + UUID().uuidString.prefix(8).lowercased()))
        try await client.connect()
        var logger = Logger(label: "test.ground")
        logger.logLevel = .warning
        let dispatcher = MQTTDispatcher(
            client: client, fleet: fleet, store: store, configuration: configuration, logger: logger)
        self.dispatcher = dispatcher
        let deliveries = DeliveryService(store: store, dispatcher: dispatcher, logger: logger)
        self.deliveries = deliveries
        let alerts = AlertCenter(store: store, logger: logger)
        self.alerts = alerts
        let swaps = SwapOrderSignal()
        self.swaps = swaps
        await dispatcher.announceSwapChanges(on: swaps)
        let ingest = FleetIngest(
            client: client,
            configuration: FleetIngestConfiguration(
                shareGroup: shareGroup, batchSize: 64, flushInterval: .milliseconds(50)),
            fleet: fleet, store: store, deliveries: deliveries, dispatcher: dispatcher, metrics: metrics,
            alerts: alerts, swaps: swaps, logger: logger
        )
        self.ingest = ingest
        running = Task {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await ingest.run() }
                group.addTask { try await dispatcher.run() }
                group.addTask { await deliveries.followDispatcher() }
            }
        }
        peer = DronePeer(port: port)
        await peer.provision(through: { [store] id in try await Self.register(id, in: store) })
        try await peer.connect()
    }

    /// Registers `id` in the drone registry unless it is there already (ids are registered on first use).
    static func register(_ id: String, in store: any GroundStore) async throws {
        guard try await store.provisionedDrone(id: id) == nil else { return }
        try await store.registerDrone(ProvisionedDrone(id: id, registeredAt: Date()))
    }

    /// Waits until the ingest is subscribed: a retained probe state shows up in the registry.
    func waitForIngest() async throws {
        try await peer.online("probe", at: GeoPoint(lat: 0, lon: 0))
        try await waitUntil("ingest subscribed") { await fleet.state(of: "probe") != nil }
        try await peer.offline("probe")
    }

    func stop() async {
        running.cancel()
        _ = await running.result
        await peer.disconnect()
        await client.disconnect()
        await broker.shutdown()
        dir.remove()
    }

    /// Value of a counter in the Prometheus exposition (0 when absent).
    func counter(_ name: String, _ labels: [String: String] = [:]) -> Double {
        Self.counter(metrics.exposition(), name, labels)
    }

    static func counter(_ exposition: String, _ name: String, _ labels: [String: String] = [:]) -> Double {
        var total = 0.0
        for line in exposition.split(separator: "\n") where line.hasPrefix(name) && !line.hasPrefix("#") {
            let rest = line.dropFirst(name.count)
            guard rest.first == "{" || rest.first == " " else { continue }
            let matches = labels.allSatisfy { key, value in rest.contains("\(key)=\"\(value)\"") }
            if matches, let value = Double(rest.split(separator: " ").last ?? "") { total += value }
        }
        return total
    }

    /// The first `count` elements of `stream` matching `include`, or fewer when `timeout` (stretched by
    /// `TestPace.slowdown`) passes first.
    static func collect<T: Sendable>(
        _ stream: AsyncStream<T>, count: Int, timeout: Duration = .seconds(10),
        where include: @escaping @Sendable (T) -> Bool = { _ in true }
    ) async -> [T] {
        await withTaskGroup(of: [T]?.self) { group in
            group.addTask {
                var items: [T] = []
                for await item in stream where include(item) {
                    items.append(item)
                    if items.count == count { break }
                }
                return items
            }
            group.addTask {
                try? await TestPace.sleep(timeout)
                return nil
            }
            var result: [T] = []
            for await items in group {
                if let items { result = items }
                group.cancelAll()
                break
            }
            return result
        }
    }

    /// Books a delivery straight through the service (as the HTTP route does).
    func book(from pickup: GeoPoint, to dropoff: GeoPoint, weightKg: Double = 1) async throws -> Delivery {
        try await deliveries.create(
            businessID: Self.businessID,
            request: DeliveryRequest(pickup: pickup, dropoff: dropoff, weightKg: weightKg, size: .small))
    }
}
