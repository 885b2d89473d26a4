import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundLink
@testable import GroundStore

/// Reschedule against the real MQTT dispatcher: an offer out for the old plan is withdrawn (the drone is
/// told to drop it, its late acceptance changes nothing) and the delivery is offered again with the new plan.
@Suite("Reschedule with the MQTT dispatcher", .timeLimit(TestPace.timeLimit(minutes: 1)))
struct RescheduleDispatchTests {
    static let base = GeoPoint(lat: 47.3769, lon: 8.5417)
    static let pickup = base.moved(east: 0, north: 500)
    static let dropoff = base.moved(east: 300, north: 900)
    static let newDropoff = base.moved(east: -400, north: 1_200)

    @Test func anOfferForTheOldPlanIsWithdrawnAndItsLateAcceptanceLoses() async throws {
        // The old plan's offer must still be out when the reschedule comes: a reply timeout first would
        // exclude the silent drone from the delivery for good, and the new plan would have no drone.
        let h = try await IngestHarness(
            dispatcher: DispatcherConfiguration(
                roundInterval: TestPace.scaled(.seconds(1)), replyTimeout: TestPace.scaled(.seconds(60)),
                requestWait: TestPace.scaled(.seconds(2))))
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        // The drone stays silent on the old plan's offer and accepts only one for the new dropoff.
        let newDropoff = Self.newDropoff
        try await h.peer.answer { command in
            guard case let .assign(assignment) = command.kind else { return nil }
            return assignment.dropoff == newDropoff ? true : nil
        }
        let at = Self.base.moved(east: 100, north: 0)
        try await h.peer.online("d1", at: at, maxPayloadKg: 2.5)
        try await h.peer.telemetry("d1", at: at, battery: 95)
        try await waitUntil("d1 available") { await h.fleet.state(of: "d1")?.position != nil }

        let booking = Task { try await h.book(from: Self.pickup, to: Self.dropoff) }
        var offered: Command?
        try await waitUntil("the old plan offered") {
            offered = await h.peer.received.first { if case .assign = $0.kind { true } else { false } }
            return offered != nil
        }
        let old = try #require(offered)
        guard case let .assign(oldAssignment) = old.kind else { return }
        let id = oldAssignment.deliveryID
        #expect(oldAssignment.dropoff == Self.dropoff)
        #expect(try await h.store.offer(assignmentID: oldAssignment.assignmentID)?.planRevision == 0)

        let moved = try await h.deliveries.reschedule(id, businessID: nil, change: DeliveryChange(dropoff: newDropoff))
        #expect(moved.dropoff == newDropoff && moved.planRevision == 1)
        _ = try await booking.value
        try await waitUntil("scheduled on the new plan") { try await h.store.delivery(id: id)?.status == .scheduled }
        let scheduled = try #require(try await h.store.delivery(id: id))
        let newAssignment = try #require(
            await h.peer.assignments.last { $0.assignment.dropoff == newDropoff }?.assignment)
        #expect(scheduled.assignmentID == newAssignment.assignmentID)
        #expect(try await h.store.offer(assignmentID: newAssignment.assignmentID)?.planRevision == 1)
        #expect(try await h.store.offer(assignmentID: oldAssignment.assignmentID)?.state == .withdrawn)
        try await waitUntil("d1 told to drop the old plan") {
            await h.peer.cancels.contains { $0.assignmentID == oldAssignment.assignmentID }
        }

        // The drone's acceptance of the old plan arrives late: the delivery keeps the new one.
        try await h.peer.reply(to: old, accepted: true)
        try await TestPace.sleep(.milliseconds(300))
        let after = try #require(try await h.store.delivery(id: id))
        #expect(after.assignmentID == newAssignment.assignmentID && after.dropoff == newDropoff)
        let history = try await h.store.history(deliveryID: id)
        #expect(history.contains { $0.reason == "rescheduled (dropoff changed)" })
    }
}
