import FleetProtocol
import Foundation
import Logging
import TestSupport
import Testing

@testable import GroundControl
@testable import GroundCore
@testable import GroundObservability
@testable import GroundStore

/// Where alerts and the arriving event come from: the fleet watch (a drone offline in flight), the
/// delivery watch (failed in transit) and the live ETA (arriving, once).
@Suite("Alert sources")
struct AlertSourceTests {
    /// The value of an unlabelled gauge in the Prometheus exposition.
    static func gauge(_ metrics: GroundMetrics, _ name: String) -> Double? {
        metrics.exposition().split(separator: "\n").first { $0.hasPrefix(name + " ") }
            .flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test(.timeLimit(TestPace.timeLimit(minutes: 1)))
    func aDroneOfflineInFlightOpensOneAlertAndIsCounted() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteGroundStore(path: dir.sqlitePath())
        let alerts = AlertCenter(store: store)
        let metrics = GroundMetrics()
        let fleet = FleetRegistry([
            DroneLiveState(droneID: "lost-1", online: false, phase: .enRouteToDropoff, assignmentID: "asg-1"),
            DroneLiveState(droneID: "parked-1", online: false, phase: .landed),
            DroneLiveState(droneID: "flying-1", online: true, phase: .enRouteToPickup, assignmentID: "asg-2"),
        ])
        let watch = FleetAlertWatch(
            fleet: fleet, alerts: alerts, metrics: metrics, interval: .milliseconds(20), logger: Logger(label: "test"))
        let running = Task { try await watch.run() }
        try await waitUntil("the offline-in-flight alert") {
            try await store.unresolvedAlertCount() == 1
        }
        try await TestPace.sleep(.milliseconds(100))
        let open = try await alerts.list(includeResolved: false, limit: 10)
        #expect(open.map(\.kind) == [.droneOfflineInFlight] && open.map(\.subject) == ["lost-1"])
        #expect(Self.gauge(metrics, "skyrelay_drones_offline_in_flight") == 1)
        // Back online: the gauge drops.
        await fleet.update(droneID: "lost-1") { $0.online = true }
        try await waitUntil("the gauge back to 0") {
            Self.gauge(metrics, "skyrelay_drones_offline_in_flight") == 0
        }
        running.cancel()
        _ = await running.result
    }

    @Test func arrivingIsAnnouncedOnceAndAFailureInTransitOpensAnAlert() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = try SQLiteGroundStore(path: dir.sqlitePath())
        let alerts = AlertCenter(store: store)
        let outbox = WebhookOutbox(store: store)
        let now = Date()
        let dispatcher = RecordingDispatcher(
            decision: .scheduled(
                droneID: "drone-1", assignmentID: "asg-1", etaPickup: now + 300, etaDropoff: now + 900))
        let service = DeliveryService(
            store: store, dispatcher: dispatcher,
            notifier: DeliveryAlertWatch(alerts: alerts), outbox: outbox)
        try await store.insertBusiness(Business(id: "biz_1", name: "Shop", apiKeyHash: "h", createdAt: now))
        try await store.insertWebhook(
            WebhookEndpoint(
                id: "wh_1", businessID: "biz_1", url: "http://127.0.0.1:9/hook", events: [.arriving],
                etaThresholdMinutes: 5, secret: "s", createdAt: now))
        let delivery = try await service.create(
            businessID: "biz_1",
            request: DeliveryRequest(
                pickup: .init(lat: 47.37, lon: 8.54), dropoff: .init(lat: 47.39, lon: 8.51), weightKg: 1,
                size: .small))
        try await service.apply(
            DroneProgress(
                droneID: "drone-1", deliveryID: delivery.id, assignmentID: "asg-1", phase: .enRouteToDropoff,
                time: now))
        // Far away, then within the lead time three times: one arriving event.
        for eta in [now + 600, now + 90, now + 60, now + 30] {
            await service.track(
                delivery.id, position: nil, battery: nil, phase: .enRouteToDropoff, etaPickup: nil, etaDropoff: eta,
                at: now)
        }
        let due = try await store.claimDueWebhookMessages(now: now + 3600, claimant: "t", lease: 60, limit: 10)
        #expect(due.map(\.event) == [.arriving])
        try await service.apply(
            DroneProgress(
                droneID: "drone-1", deliveryID: delivery.id, assignmentID: "asg-1", phase: .aborted,
                reason: "gpsLost", time: now))
        let open = try await alerts.list(includeResolved: false, limit: 10)
        #expect(open.map(\.kind) == [.outcomeUnknown] && open.map(\.subject) == [delivery.id])
    }
}
