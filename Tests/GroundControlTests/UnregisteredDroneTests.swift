import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore

/// Issue 18 point 1, ground side: an MQTT client that is not a registered drone (the read-only
/// `observer` account of the broker, an impostor, a retired drone) never becomes fleet state.
@Suite("Unregistered drones", .timeLimit(TestPace.timeLimit(minutes: 1)))
struct UnregisteredDroneTests {
    static let home = GeoPoint(lat: 47.3769, lon: 8.5417)
    static let pickup = GeoPoint(lat: 47.3800, lon: 8.5450)
    static let dropoff = GeoPoint(lat: 47.3850, lon: 8.5500)

    @Test(
        "the observer account's state, telemetry, events and replies are counted and dropped; it is never offered a booking"
    )
    func observerNeverBecomesADrone() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        // Not provisioned: publishes as "observer" like the broker's read-only account could on an open broker.
        let impostor = DronePeer(port: await h.broker.port)
        try await impostor.connect()
        defer { Task { await impostor.disconnect() } }
        // It would accept anything offered to it; nothing ever is.
        try await impostor.answer { $0.droneID.rawValue == "observer" ? true : nil }
        try await h.peer.answer { _ in true }

        let delivery = try await h.book(from: Self.pickup, to: Self.dropoff)
        try await impostor.online("observer", at: Self.pickup)
        try await impostor.telemetry("observer", at: Self.pickup, battery: 100)
        for (seq, phase) in [AssignmentPhase.enRouteToPickup, .atPickup, .enRouteToDropoff, .atDropoff, .completed]
            .enumerated()
        {
            try await impostor.event(
                "observer", seq: UInt64(seq + 1), assignmentID: "asg-forged", phase: phase, at: Self.dropoff)
        }
        try await impostor.publish(
            CommandReply(
                commandID: "cmd-forged", droneID: try DroneID("observer"), accepted: true, reason: nil, message: nil,
                timeMs: DronePeer.nowMs()),
            drone: "observer")
        try await waitUntil("every impostor message counted") {
            h.counter("skyrelay_unknown_drone_messages_total") >= 8
        }
        #expect(h.counter("skyrelay_unknown_drone_messages_total", ["kind": "state"]) >= 1)
        #expect(h.counter("skyrelay_unknown_drone_messages_total", ["kind": "telemetry"]) >= 1)
        #expect(h.counter("skyrelay_unknown_drone_messages_total", ["kind": "events"]) >= 5)
        #expect(h.counter("skyrelay_unknown_drone_messages_total", ["kind": "replies"]) >= 1)

        // A registered drone comes online: the booking goes to it, proving rounds ran with the impostor around.
        try await h.peer.online("sr-real", at: Self.home)
        try await h.peer.telemetry("sr-real", at: Self.home, battery: 95)
        try await waitUntil("booking scheduled on the registered drone", timeout: .seconds(20)) {
            (try? await h.store.delivery(id: delivery.id))?.status == .scheduled
        }
        let stored = try #require(try await h.store.delivery(id: delivery.id))
        #expect(stored.assignedDroneID == "sr-real")
        #expect(await h.fleet.state(of: "observer") == nil)
        #expect(try await h.store.drone(id: "observer") == nil)
        #expect(try await h.store.eventCount(droneID: "observer") == 0)
        #expect(try await h.store.telemetry(droneID: "observer", from: .distantPast, to: .distantFuture).isEmpty)
        #expect(await h.peer.assignments.allSatisfy { $0.drone == "sr-real" })
        #expect(try await h.store.history(deliveryID: delivery.id).map(\.to) == [.requested, .scheduled])
    }

    @Test("a retired drone is never offered work again and its messages are dropped")
    func retiredDroneGetsNoAssignment() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        try await h.peer.online("sr-old", at: Self.home)
        try await h.peer.telemetry("sr-old", at: Self.home, battery: 95)
        try await waitUntil("sr-old live") { await h.fleet.state(of: "sr-old")?.position != nil }

        #expect(try await h.store.retireDrone(id: "sr-old", at: Date()))
        let delivery = try await h.book(from: Self.pickup, to: Self.dropoff)
        try await waitUntil("a round left the booking queued with a reason", timeout: .seconds(20)) {
            (try? await h.store.delivery(id: delivery.id))?.reason != nil
        }
        #expect(try await h.store.delivery(id: delivery.id)?.status == .requested)
        #expect(await h.peer.assignments.isEmpty)

        // After the registry cache's lifetime, its messages no longer count as a drone's.
        try await waitUntil("retired drone's telemetry dropped", timeout: .seconds(10), every: .milliseconds(250)) {
            try await h.peer.telemetry("sr-old", at: Self.home, battery: 94)
            return h.counter("skyrelay_unknown_drone_messages_total", ["kind": "telemetry"]) >= 1
        }
        #expect(await h.peer.assignments.isEmpty)
    }
}
