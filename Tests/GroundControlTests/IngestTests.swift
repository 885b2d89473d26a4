import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore

/// FleetIngest against a real mosquitto and a real SQLite file; the drones are a real MQTT peer
/// publishing real FleetProtocol messages.
@Suite("Fleet ingest", .timeLimit(TestPace.timeLimit(minutes: 1)))
struct IngestTests {
    static let home = GeoPoint(lat: 47.3769, lon: 8.5417)
    static let pickup = GeoPoint(lat: 47.3800, lon: 8.5450)
    static let dropoff = GeoPoint(lat: 47.3850, lon: 8.5500)

    @Test("state and telemetry reach the registry and the store; history is downsampled")
    func stateAndTelemetry() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()

        try await h.peer.online("sr-1", at: Self.home, maxPayloadKg: 2.5)
        let start = DronePeer.nowMs()
        // 12 samples 1 s apart: the 5 s history keeps 3 of them, the registry the newest.
        for i in 0..<12 {
            try await h.peer.telemetry(
                "sr-1", at: Self.home.moved(east: Double(i) * 10, north: 0), battery: 90 - Double(i),
                timeMs: start + Int64(i) * 1000)
        }
        try await waitUntil("12 samples ingested") {
            h.counter("skyrelay_ingest_messages_total", ["kind": "telemetry"]) >= 12
        }

        let live = try #require(await h.fleet.state(of: "sr-1"))
        #expect(live.online)
        #expect(live.maxPayloadKg == 2.5)
        #expect(live.home == Self.home)
        #expect(live.batteryPercent == 79)
        #expect(live.healthy == true)
        let position = try #require(live.position)
        #expect(abs(position.lon - Self.home.moved(east: 110, north: 0).lon) < 1e-9)

        let record = try #require(try await h.store.drone(id: "sr-1"))
        #expect(record.online)
        let history = try await h.store.telemetry(
            droneID: "sr-1", from: Date(timeIntervalSince1970: Double(start) / 1000 - 1),
            to: Date().addingTimeInterval(60))
        #expect(history.count == 3)
        #expect(history.map(\.batteryPercent) == [90, 85, 80])
    }

    @Test("malformed, unknown-version, mismatched and stale payloads are counted and the ingest keeps going")
    func badPayloads() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()

        try await h.peer.publishRaw("{not json", drone: "sr-2", kind: .telemetry)
        try await h.peer.publishRaw("{not json either", drone: "sr-2", kind: .events)
        var state = try FleetCodec().encode(
            DroneState(
                droneID: DroneID("sr-2"), presence: .online, timeMs: DronePeer.nowMs(), agentVersion: "x",
                capabilities: VehicleProfile.default.capabilities))
        state = Data(String(decoding: state, as: UTF8.self).replacingOccurrences(of: #""v":1"#, with: #""v":2"#).utf8)
        try await h.peer.publishRaw(String(decoding: state, as: UTF8.self), drone: "sr-2", kind: .state)
        // A payload naming another drone than its topic.
        try await h.peer.telemetry("sr-other", at: Self.home)
        let impostor = try String(
            decoding: FleetCodec().encode(
                DroneState(
                    droneID: DroneID("sr-3"), presence: .online, timeMs: DronePeer.nowMs(), agentVersion: "x",
                    capabilities: VehicleProfile.default.capabilities)), as: UTF8.self)
        try await h.peer.publishRaw(impostor, drone: "sr-2", kind: .state)
        try await h.peer.publishRaw(#"{"v":1,"type":"reply"}"#, drone: "sr-2", kind: .replies)

        try await waitUntil("five bad payloads counted") { h.counter("skyrelay_bad_payloads_total") >= 5 }
        #expect(h.counter("skyrelay_bad_payloads_total", ["kind": "telemetry", "reason": "malformed_json"]) == 1)
        #expect(h.counter("skyrelay_bad_payloads_total", ["kind": "events", "reason": "malformed_json"]) == 1)
        #expect(h.counter("skyrelay_bad_payloads_total", ["kind": "state", "reason": "unsupported_version"]) == 1)
        #expect(h.counter("skyrelay_bad_payloads_total", ["kind": "state", "reason": "invalid_value"]) == 1)
        #expect(h.counter("skyrelay_bad_payloads_total", ["kind": "replies"]) == 1)
        #expect(await h.fleet.state(of: "sr-2") == nil)
        #expect(await h.fleet.state(of: "sr-3") == nil)

        // Still alive: a good message after the bad ones is applied.
        try await h.peer.online("sr-2", at: Self.home)
        try await waitUntil("good state applied") { await h.fleet.state(of: "sr-2")?.online == true }
    }

    @Test("events are stored once per (drone, eventSeq) and move the delivery once")
    func duplicateEvents() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        let delivery = try await scheduled(in: h, drone: "sr-4", assignment: "asg-4")

        try await h.peer.event("sr-4", seq: 1, assignmentID: "asg-4", phase: .takeoff, at: Self.home)
        try await h.peer.event("sr-4", seq: 2, assignmentID: "asg-4", phase: .enRouteToPickup, at: Self.home)
        let atPickupTime = DronePeer.nowMs()
        try await h.peer.event(
            "sr-4", seq: 3, assignmentID: "asg-4", phase: .atPickup, at: Self.pickup, timeMs: atPickupTime)
        // A re-sent outbox entry (byte for byte the same), and a different event under a used seq,
        // which must not be applied and is reported as a conflict.
        try await h.peer.event(
            "sr-4", seq: 3, assignmentID: "asg-4", phase: .atPickup, at: Self.pickup, timeMs: atPickupTime)
        try await h.peer.event("sr-4", seq: 2, assignmentID: "asg-4", phase: .aborted, at: Self.pickup)
        try await h.peer.event("sr-4", seq: 4, assignmentID: "asg-4", phase: .enRouteToDropoff, at: Self.pickup)

        try await waitUntil("events processed") {
            h.counter("skyrelay_ingest_messages_total", ["kind": "event"])
                + h.counter("skyrelay_ingest_messages_total", ["kind": "event_duplicate"])
                + h.counter("skyrelay_ingest_messages_total", ["kind": "event_conflict"]) >= 6
        }
        #expect(h.counter("skyrelay_ingest_messages_total", ["kind": "event"]) == 4)
        #expect(h.counter("skyrelay_ingest_messages_total", ["kind": "event_duplicate"]) == 1)
        #expect(h.counter("skyrelay_ingest_messages_total", ["kind": "event_conflict"]) == 1)
        // The counter moves when an event is stored; the delivery row is written right after.
        try await waitUntil("delivery moved by the last event") {
            (try? await h.store.delivery(id: delivery.id))??.status == .inTransit
        }
        let after = try #require(try await h.store.delivery(id: delivery.id))
        #expect(after.status == .inTransit)
        let history = try await h.store.history(deliveryID: delivery.id).map(\.to)
        #expect(history.filter { $0 == .pickupInProgress }.count == 1)
        #expect(!history.contains(.failed))
        #expect(await h.fleet.state(of: "sr-4")?.phase == .enRouteToDropoff)
    }

    @Test("a hole in a drone's event log that stays is asked for again with resend-events, from its front")
    func holeAsksForReplay() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in nil }
        try await h.peer.online("sr-9", at: Self.home)
        for seq: UInt64 in [1, 2, 4, 5] {
            try await h.peer.event("sr-9", seq: seq, assignmentID: "asg-9", phase: .preflight, at: Self.home)
        }
        try await waitUntil("resend-events sent", timeout: .seconds(10)) {
            await h.peer.received.contains {
                if case .resendEvents(3) = $0.kind { $0.droneID.rawValue == "sr-9" } else { false }
            }
        }
        #expect(h.counter("skyrelay_ingest_messages_total", ["kind": "event_replay_request"]) == 1)
        // The re-sent event fills the hole: nothing more is asked.
        try await h.peer.event("sr-9", seq: 3, assignmentID: "asg-9", phase: .preflight, at: Self.home)
        try await waitUntil("hole filled") {
            (try? await h.store.eventLogExtent(droneID: "sr-9"))?.contiguousThrough == 5
        }
        try await TestPace.sleep(.seconds(4))
        let asked = await h.peer.received.filter { if case .resendEvents = $0.kind { true } else { false } }
        #expect(asked.count == 1)
    }

    @Test("telemetry of an assigned drone streams position, phase and ETA to the delivery's trackers")
    func trackingUpdates() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        let delivery = try await scheduled(in: h, drone: "sr-5", assignment: "asg-5")
        let updates = await h.deliveries.tracking.subscribe(deliveryID: delivery.id)

        try await h.peer.event("sr-5", seq: 1, assignmentID: "asg-5", phase: .enRouteToPickup, at: Self.home)
        // Fly north-east towards the pickup at ~10 m/s, one sample per (simulated) second.
        let (east, north) = Self.home.offset(to: Self.pickup)
        let distance = (east * east + north * north).squareRoot()
        let start = DronePeer.nowMs()
        for i in 1...8 {
            let fraction = Double(i) * 10 / distance
            try await h.peer.telemetry(
                "sr-5", at: Self.home.moved(east: east * fraction, north: north * fraction),
                velocity: (north / distance * 10, east / distance * 10), assignmentID: "asg-5",
                timeMs: start + Int64(i) * 1000)
        }
        let received = await IngestHarness.collect(updates, count: 8) { $0.position != nil }
        try #require(received.count == 8)
        #expect(received.allSatisfy { $0.phase == .enRouteToPickup && $0.status == .pickupInProgress })
        #expect(received.allSatisfy { $0.etaPickup != nil && $0.etaDropoff != nil })
        let lats = received.compactMap(\.position?.lat)
        #expect(lats == lats.sorted() && Set(lats).count == 8)
        let first = try #require(received.first?.etaDropoff), last = try #require(received.last?.etaDropoff)
        // Flying towards the goal at the speed the ETA assumes: the arrival estimate holds steady.
        #expect(abs(last.timeIntervalSince(first)) < 30)
        #expect(await h.fleet.state(of: "sr-5")?.deliveryID == delivery.id)
    }

    @Test("a drone's will (offline state) marks it offline in the registry and the store")
    func willMarksOffline() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.online("sr-6", at: Self.home)
        try await waitUntil("online") { await h.fleet.state(of: "sr-6")?.online == true }
        try await h.peer.offline("sr-6")
        try await waitUntil("offline") { await h.fleet.state(of: "sr-6")?.online == false }
        #expect(try await h.store.drone(id: "sr-6")?.online == false)
        // The will carries no home: the one from the online state stays.
        #expect(await h.fleet.state(of: "sr-6")?.home == Self.home)
    }

    /// A delivery already scheduled on `drone` (inserted as the dispatcher would leave it).
    private func scheduled(in h: IngestHarness, drone: String, assignment: String) async throws -> Delivery {
        let now = Date()
        let delivery = Delivery(
            id: "dlv_" + assignment, businessID: IngestHarness.businessID, pickup: Self.pickup, dropoff: Self.dropoff,
            weightKg: 1, size: .small, status: .scheduled, assignedDroneID: drone, assignmentID: assignment,
            initialETAPickup: now.addingTimeInterval(120), initialETADropoff: now.addingTimeInterval(300),
            etaPickup: now.addingTimeInterval(120), etaDropoff: now.addingTimeInterval(300), createdAt: now)
        try await h.store.insertDelivery(delivery)
        return delivery
    }
}
