import FleetProtocol
import Foundation
import Logging
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// Several real ground-control processes sharing one Mosquitto and one PostgreSQL: telemetry split
/// by a shared subscription (each message handled and stored once), the same live fleet and
/// tracking on every instance (ground-internal relay), one scheduler leader (PostgreSQL advisory
/// lock) that obeys an override sent to a follower, and failover after kill -9 of the leader.
@Suite("Scale-out: several ground-control instances", .serialized)
struct ScaleOutTests {
    typealias Instance = ScaleOutInstance

    static func leaders(_ instances: [Instance]) -> [Instance] { instances.filter(\.isLeader) }

    static let home = GeoPoint(lat: 47.37, lon: 8.54)
    static var booking: [String: Any] {
        [
            "pickup": ["lat": 47.371, "lon": 8.541], "dropoff": ["lat": 47.38, "lon": 8.55], "weightKg": 1.0,
            "size": "small",
        ]
    }

    @Test(arguments: [2, 3])
    func instancesShareWorkAndFailOver(_ count: Int) async throws {
        let dir = try TemporaryDirectory(prefix: "scale-out")
        defer { dir.remove() }
        let broker = try await MosquittoBroker.start()
        let server = try await PostgresServer.shared()
        let database = try await server.createDatabase(prefix: "scale")
        var instances: [Instance] = []
        for index in 0..<count {
            instances.append(try await Instance.start("g\(index)", database: database, broker: broker, dir: dir))
        }
        let store = try await DatabaseLocation(database).open(
            telemetryPolicy: .default, logger: Logger(label: "scale-out-test"))

        // Exactly one leader, and it stays the only one.
        try await waitUntil("a scheduler leader", timeout: .seconds(10)) { Self.leaders(instances).count == 1 }
        try await Task.sleep(for: .seconds(2))
        #expect(Self.leaders(instances).count == 1)

        // Drones: online, answering every command with "accepted", reporting telemetry.
        let peer = DronePeer(port: await broker.port)
        await peer.provision(through: { id in try await IngestHarness.register(id, in: store) })
        try await peer.connect()
        try await peer.answer { _ in true }
        for drone in ["d1", "d2"] { try await peer.online(drone, at: Self.home) }

        try await splitsTelemetryExactlyOnce(instances, peer: peer, store: store)
        try await everyInstanceShowsTheWholeFleet(instances, peer: peer)

        // A business registered on one instance books on another; the leader assigns it.
        let (registered, business) = try await instances[0].request(
            "POST", "/v1/businesses", key: nil, body: ["name": "Scale Shop"])
        #expect(registered == 201)
        let key = try #require(business["apiKey"] as? String)
        let (_, created) = try await instances[count - 1].request(
            "POST", "/v1/deliveries", key: key, body: Self.booking)
        let id = try #require(created["id"] as? String)
        try await waitUntil("delivery scheduled", timeout: .seconds(15)) {
            await instances[0].status(id, key: key) == "scheduled"
        }
        // Every instance answers the same, from the shared database.
        var answers: [NSDictionary] = []
        for instance in instances {
            let (status, body) = try await instance.request("GET", "/v1/deliveries/\(id)", key: key)
            #expect(status == 200)
            answers.append(body as NSDictionary)
        }
        #expect(Set(answers).count == 1, "\(answers)")
        #expect(await peer.assignments.filter { $0.assignment.deliveryID == id }.count == 1, "only the leader offers")

        let chosen = try await overrideOnFollowerReachesLeader(
            instances, peer: peer, deliveryID: id, key: key, firstDrone: answers[0]["droneId"] as? String)
        try await trackingEndsOnEveryInstance(
            instances, peer: peer, store: store, deliveryID: id, drone: chosen, key: key)

        // kill -9 of the leader: another instance takes the lock and schedules a new delivery within seconds.
        let leader = try #require(Self.leaders(instances).first)
        await leader.process.kill()
        let killedAt = ContinuousClock.now
        let survivors = instances.filter { $0.name != leader.name }
        let (_, second) = try await survivors[0].request("POST", "/v1/deliveries", key: key, body: Self.booking)
        let secondID = try #require(second["id"] as? String)
        try await waitUntil(
            "second delivery scheduled by the new leader", timeout: .seconds(15), every: .milliseconds(100)
        ) {
            await survivors.last?.status(secondID, key: key) == "scheduled"
        }
        let failover = ContinuousClock.now - killedAt
        #expect(
            failover < TestPace.scaled(.seconds(8)), "kill -9 of the leader to the next delivery scheduled: \(failover)"
        )
        #expect(Self.leaders(survivors).count == 1)
        await peer.disconnect()
        try? await store.close()
        for instance in survivors { await instance.process.terminate() }
        await broker.shutdown()
    }

    /// Each message handled by exactly one instance (counters), every instance takes a share, and
    /// every sample stored once (rows in PostgreSQL; with `--telemetry-interval 0` none is downsampled).
    func splitsTelemetryExactlyOnce(_ instances: [Instance], peer: DronePeer, store: any GroundStore) async throws {
        let sent = 300
        let base = DronePeer.nowMs() - 60_000
        // In runs of 5 per drone: the broker deals messages round-robin, so alternating drones would
        // give each instance only one drone's positions. Distinct times: (drone, time) is the row key.
        for i in 0..<sent {
            try await peer.telemetry(
                (i / 5).isMultiple(of: 2) ? "d1" : "d2", at: Self.home, timeMs: base + Int64(i) * 10)
        }
        var handled: [Int] = []
        try await waitUntil("all telemetry handled", timeout: .seconds(15)) {
            handled = []
            for instance in instances { handled.append(try await instance.telemetryHandled()) }
            return handled.reduce(0, +) >= sent
        }
        try await Task.sleep(for: .milliseconds(500))
        handled = []
        for instance in instances { handled.append(try await instance.telemetryHandled()) }
        #expect(handled.reduce(0, +) == sent, "each message once: \(handled)")
        #expect(handled.allSatisfy { $0 > 0 }, "every instance takes a share: \(handled)")
        let window = (Date(timeIntervalSince1970: Double(base) / 1000 - 1), Date())
        var rows: [Int] = []
        for drone in ["d1", "d2"] {
            rows.append(try await store.telemetry(droneID: drone, from: window.0, to: window.1).count)
        }
        #expect(rows == [sent / 2, sent / 2], "each sample stored once: \(rows)")
    }

    /// `GET /v1/fleet` gives the same live state on every instance, though each took only part of the
    /// telemetry: the last position of each drone reached all of them.
    func everyInstanceShowsTheWholeFleet(_ instances: [Instance], peer: DronePeer) async throws {
        let finals = ["d1": GeoPoint(lat: 47.3702, lon: 8.5401), "d2": GeoPoint(lat: 47.3695, lon: 8.5395)]
        for (drone, point) in finals.sorted(by: { $0.key < $1.key }) {
            try await peer.telemetry(drone, at: point, battery: 88)
        }
        var views: [[String: NSDictionary]] = []
        try await waitUntil(
            "every instance shows each drone's last position", timeout: .seconds(10), every: .milliseconds(200)
        ) {
            views = []
            for instance in instances { views.append(try await instance.fleet()) }
            return views.allSatisfy { view in
                finals.allSatisfy { drone, point in
                    let position = view[drone]?["position"] as? [String: Any]
                    return position?["lat"] as? Double == point.lat && position?["lon"] as? Double == point.lon
                }
            }
        }
        #expect(Set(views.map { $0 as NSDictionary }).count == 1, "the same fleet everywhere: \(views)")
    }

    /// A manual dispatch sent to a follower: the pin is in the row, so the leader offers the delivery
    /// to the chosen drone only. Returns that drone.
    func overrideOnFollowerReachesLeader(
        _ instances: [Instance], peer: DronePeer, deliveryID: String, key: String, firstDrone: String?
    ) async throws -> String {
        let follower = try #require(instances.first { !$0.isLeader })
        let first = try #require(firstDrone)
        let chosen = first == "d1" ? "d2" : "d1"
        let (status, body) = try await follower.request(
            "POST", "/v1/deliveries/\(deliveryID)/override", key: ScaleOutInstance.operatorKey,
            body: ["action": "assign", "droneId": chosen])
        #expect(status == 200, "\(body)")
        try await waitUntil("scheduled on the chosen drone", timeout: .seconds(15), every: .milliseconds(200)) {
            let (_, current) = try await instances[0].request("GET", "/v1/deliveries/\(deliveryID)", key: key)
            return current["status"] as? String == "scheduled" && current["droneId"] as? String == chosen
        }
        let offers = await peer.assignments.filter { $0.assignment.deliveryID == deliveryID }.map(\.drone)
        #expect(offers == [first, chosen], "offered to the first drone, then only to the chosen one: \(offers)")
        #expect(await peer.cancels.contains { $0.drone == first }, "the first drone was told to drop it")
        return chosen
    }

    /// The chosen drone flies the delivery. An SSE stream open on every instance (so on instances that
    /// neither lead nor store the drone's events) shows the live positions and ETA and ends on
    /// `completed`; every event and status change is stored once.
    func trackingEndsOnEveryInstance(
        _ instances: [Instance], peer: DronePeer, store: any GroundStore, deliveryID: String, drone: String, key: String
    ) async throws {
        let assignment = try #require(
            await peer.assignments.last { $0.assignment.deliveryID == deliveryID && $0.drone == drone })
        let assignmentID = assignment.assignment.assignmentID
        var streams: [ChildProcess] = []
        for instance in instances { streams.append(try await instance.track(deliveryID, key: key)) }
        try await Task.sleep(for: .milliseconds(500))

        var points: [GeoPoint] = []
        var seq: UInt64 = 0
        func event(_ phase: AssignmentPhase, at point: GeoPoint) async throws {
            seq += 1
            try await peer.event(drone, seq: seq, assignmentID: assignmentID, phase: phase, at: point)
        }
        func fly(_ samples: Int) async throws {
            for _ in 0..<samples {
                let point = GeoPoint(lat: 47.3705 + Double(points.count) * 0.0005, lon: 8.5405)
                points.append(point)
                try await peer.telemetry(
                    drone, at: point, battery: 80, velocity: (north: 10, east: 0), assignmentID: assignmentID)
                try await Task.sleep(for: .milliseconds(250))
            }
        }
        try await event(.enRouteToPickup, at: Self.home)
        try await fly(8)
        try await event(.atPickup, at: points.last ?? Self.home)
        try await event(.enRouteToDropoff, at: points.last ?? Self.home)
        try await fly(8)
        try await event(.atDropoff, at: points.last ?? Self.home)
        try await fly(4)
        try await event(.completed, at: points.last ?? Self.home)

        for (instance, stream) in zip(instances, streams) {
            _ = try await stream.waitForExit(timeout: .seconds(15))
            let updates = GroundStation.events(in: stream.log())
            #expect(
                updates.last?["status"] as? String == "completed",
                "\(instance.name) stream ends on completed: \(updates.last ?? [:])")
            let seen = Set(
                updates.compactMap { update -> String? in
                    guard let position = update["position"] as? [String: Any], let lat = position["lat"] as? Double
                    else { return nil }
                    return String(format: "%.4f", lat)
                })
            let flown = points.filter { seen.contains(String(format: "%.4f", $0.lat)) }.count
            #expect(flown >= points.count - 4, "\(instance.name) streamed \(flown) of \(points.count) positions")
            #expect(
                seen.contains(String(format: "%.4f", points[points.count - 1].lat)),
                "\(instance.name) shows the last position")
            #expect(updates.contains { $0["etaDropoff"] != nil }, "\(instance.name) streams an ETA")
        }
        #expect(try await store.eventCount(droneID: drone) == Int(seq), "each event stored once")
        let history = try await store.history(deliveryID: deliveryID).map(\.to)
        #expect(
            history == [
                .requested, .scheduled, .requested, .scheduled, .pickupInProgress, .inTransit, .delivered, .completed,
            ],
            "each status change stored once: \(history)")
    }
}
