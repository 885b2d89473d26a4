import FleetProtocol
import Foundation
import Logging
import MQTTClient
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundLink

/// A zone added across a flying drone's remaining path: ground sends a `reroute` from where the drone
/// is (real broker, real SQLite, the drone played over MQTT); a drone that refuses it is recalled and
/// its delivery re-planned, with the reason in the history.
@Suite("No-fly zone re-routing", .timeLimit(TestPace.timeLimit(minutes: 1)))
struct ZoneRerouteTests {
    static let base = GeoPoint(lat: 47.3769, lon: 8.5417)
    static let pickup = base.moved(east: 0, north: 1500)
    static let dropoff = base.moved(east: 300, north: 2200)
    /// Across the straight line from the drone (200 m north of base) to the pickup.
    static let fire = NoFlyZone(
        id: "fire-1",
        polygon: try! Geofence(vertices: [
            base.moved(east: -150, north: 700), base.moved(east: 150, north: 700), base.moved(east: 150, north: 900),
            base.moved(east: -150, north: 900),
        ]))

    /// Books a delivery for drone `z1` and flies it to 200 m north of base, en route to the pickup.
    private func flying(_ h: IngestHarness, seq: inout UInt64) async throws -> (Delivery, GeoPoint) {
        try await h.peer.online("z1", at: Self.base)
        try await h.peer.telemetry("z1", at: Self.base, battery: 95)
        try await waitUntil("z1 available") { await h.fleet.state(of: "z1")?.position != nil }
        let delivery = try await h.book(from: Self.pickup, to: Self.dropoff)
        let assignmentID = try #require(delivery.assignmentID)
        let here = Self.base.moved(east: 0, north: 200)
        try await h.peer.report("z1", seq: &seq, assignmentID, .enRouteToPickup, at: here, home: Self.base)
        try await h.peer.telemetry("z1", at: here, battery: 90, velocity: (12, 0), assignmentID: assignmentID)
        try await waitUntil("z1 en route") {
            let state = await h.fleet.state(of: "z1")
            return state?.phase == .enRouteToPickup && state?.position?.lat ?? 0 > Self.base.lat
        }
        return (delivery, here)
    }

    private func reroutes(_ h: IngestHarness) async -> [(
        assignmentID: String, route: Assignment.Route, airspace: Airspace?
    )] {
        await h.peer.received.compactMap { command in
            if case let .reroute(assignmentID, route, airspace) = command.kind {
                return (assignmentID, route, airspace)
            }
            return nil
        }
    }

    @Test("a zone across the remaining path makes ground send a reroute around it, from where the drone is")
    func rerouteAroundANewZone() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        var seq: UInt64 = 0
        let (delivery, here) = try await flying(h, seq: &seq)
        #expect(await reroutes(h).isEmpty)

        try await h.store.insertNoFlyZone(Self.fire)
        try await waitUntil("reroute sent") { await !reroutes(h).isEmpty }
        let reroute = try #require(await reroutes(h).first)
        #expect(reroute.assignmentID == delivery.assignmentID)
        #expect(!reroute.route.toPickup.isEmpty)
        #expect(reroute.airspace?.exclusions.map(\.zoneID) == ["fire-1"])
        // Checked independently of the path the router chose: no sample of the new path is in the zone.
        let path =
            [here] + reroute.route.toPickup + [Self.pickup] + reroute.route.toDropoff + [Self.dropoff]
            + reroute.route.toHome + [Self.base]
        for (a, b) in zip(path, path.dropFirst()) {
            for step in 0...100 {
                let t = Double(step) / 100
                let p = GeoPoint(lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t)
                #expect(!Self.fire.polygon.contains(p))
            }
        }
        // Accepted: the next rounds see the new route clear and send nothing more.
        try await Task.sleep(for: TestPace.scaled(.seconds(3)))
        #expect(await reroutes(h).count == 1)
    }

    @Test("a new leader checks a routed flight on its stored path: no reroute after a failover")
    func failoverKeepsTheRoute() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        // The zone is there before the booking: the assign already goes round it.
        try await h.store.insertNoFlyZone(Self.fire)
        var seq: UInt64 = 0
        let (delivery, _) = try await flying(h, seq: &seq)
        let assignmentID = try #require(delivery.assignmentID)
        let sent = try #require(
            await h.peer.assignments.first { $0.assignment.assignmentID == assignmentID }?.assignment.route)
        #expect(!sent.toPickup.isEmpty)
        #expect(try await h.store.offerRoutes(assignmentIDs: [assignmentID]) == [assignmentID: sent])

        // The next leader: another dispatcher on the same database and fleet, with nothing in memory
        // (the straight way from the drone to the pickup crosses the zone).
        let client = MQTTClient(
            configuration: MQTTConfiguration(
                port: Int(await h.broker.port), clientID: "ground-next-" + UUID().uuidString.prefix(8).lowercased()))
        try await client.connect()
        var logger = Logger(label: "test.ground.next")
        logger.logLevel = .warning
        let next = MQTTDispatcher(
            client: client, fleet: h.fleet, store: h.store,
            configuration: DispatcherConfiguration(
                roundInterval: TestPace.scaled(.seconds(1)), replyTimeout: TestPace.scaled(.seconds(2)),
                requestWait: TestPace.scaled(.seconds(2))),
            logger: logger)
        let running = Task { try await next.run() }
        defer {
            running.cancel()
            Task { await client.disconnect() }
        }
        try await waitUntil("the new leader checked the flight") { await next.roundCount >= 3 }
        let known = await next.flightRoutes
        #expect(known[assignmentID]?.route == sent)
        #expect(await reroutes(h).isEmpty)
    }

    @Test("a drone refusing the reroute (agent without re-routing) is recalled and its delivery re-planned")
    func refusedRerouteRecallsAndReplans() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { command in
            if case .reroute = command.kind { return false }
            return true
        }
        var seq: UInt64 = 0
        let (delivery, _) = try await flying(h, seq: &seq)
        try await h.store.insertNoFlyZone(Self.fire)
        // On the way to the pickup, "recall" is the assignment's cancel with the drone flying home.
        try await waitUntil("drone called back") {
            await h.peer.received.contains { command in
                if case let .cancel(assignmentID, returnTo) = command.kind {
                    return assignmentID == delivery.assignmentID && returnTo == .home
                }
                return false
            }
        }
        try await waitUntil("delivery requeued") {
            try await h.store.delivery(id: delivery.id)?.assignmentID != delivery.assignmentID
        }
        let history = try await h.store.history(deliveryID: delivery.id)
        #expect(history.contains { ($0.reason ?? "").contains("refused the re-route around no-fly zone fire-1") })
        let requeued = try #require(try await h.store.delivery(id: delivery.id))
        #expect(requeued.rejectedBy.contains("z1"))
    }
}
