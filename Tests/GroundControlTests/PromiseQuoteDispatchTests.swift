import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundLink

/// The first dropoff ETA of a queued booking (its promise) with a real broker and the real dispatcher:
/// with the launch hold on it carries the slack ``PromiseQuoter`` keeps; without the hold it is the plan's.
@Suite("MQTT dispatcher: the promise of a queued booking", .timeLimit(TestPace.timeLimit(minutes: 1)))
struct PromiseQuoteDispatchTests {
    static let base = GeoPoint(lat: 47.3769, lon: 8.5417)
    static let pickup = base.moved(east: 0, north: 500)
    static let dropoff = base.moved(east: 300, north: 900)
    /// Seconds from pickup done to dropoff (climb from the pickup included), as the planner prices the leg.
    static let flightS: Double = {
        let route = RoutePlan(home: base, pickup: pickup, dropoff: dropoff, payloadKg: 1, vehicle: .default)
        let remaining = EnergyModel(vehicle: .default).remaining(route, from: base, altitudeRelM: 0, phase: .accepted)
        return remaining.untilDropoffS - remaining.untilPickupS
    }()

    /// Books twice while the only drone is free: the first flies, the second waits for it with a promise.
    private func queuedBooking(hold: Bool) async throws -> (IngestHarness, Delivery) {
        var planner = DayPlanner()
        planner.holdsForPromise = hold
        let h = try await IngestHarness(
            dispatcher: DispatcherConfiguration(
                roundInterval: TestPace.scaled(.seconds(1)), replyTimeout: TestPace.scaled(.seconds(2)),
                requestWait: TestPace.scaled(.seconds(2)), planner: planner))
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        let at = Self.base.moved(east: 100, north: 0)
        try await h.peer.online("solo", at: at, maxPayloadKg: 2.5)
        try await h.peer.telemetry("solo", at: at, battery: 95)
        try await waitUntil("solo available") {
            let state = await h.fleet.state(of: "solo")
            return state?.online == true && state?.position != nil
        }
        let first = try await h.book(from: Self.pickup, to: Self.dropoff)
        #expect(first.status == .scheduled && first.assignedDroneID == "solo")
        let second = try await h.book(from: Self.pickup, to: Self.dropoff)
        #expect(second.status == .requested)
        return (h, second)
    }

    @Test("with the hold on, the promise is the plan's dropoff plus the slack of its lead, and the plan keeps it")
    func withTheHoldThePromiseCarriesTheSlack() async throws {
        let (h, queued) = try await queuedBooking(hold: true)
        defer { Task { await h.stop() } }
        let pickup = try #require(queued.etaPickup), promise = try #require(queued.etaDropoff)
        #expect(queued.initialETADropoff == promise)
        // Before anything is learned the slack is the initial share of the lead class's typical lead.
        let quoter = PromiseQuoter()
        let planned = pickup.timeIntervalSince1970 + Self.flightS
        let lead = planned - queued.createdAt.timeIntervalSince1970
        let slack = quoter.slackSeconds[quoter.leadClass(lead)]
        #expect(slack > 0)
        #expect(abs(promise.timeIntervalSince1970 - planned - slack) < 5, "promise \(promise), planned \(planned)")
        // Later rounds plan the held launch onto the promise: the row's ETA stays on it.
        let rounds = await h.dispatcher.roundCount
        try await waitUntil("two more planning rounds") { await h.dispatcher.roundCount >= rounds + 2 }
        let row = try #require(try await h.store.delivery(id: queued.id))
        #expect(row.status == .requested && row.initialETADropoff == promise)
        #expect(abs((try #require(row.etaDropoff)).timeIntervalSince(promise)) < 15)
    }

    @Test("without the hold, the promise is the plan's own dropoff (a drone free early flies at once)")
    func withoutTheHoldThePromiseIsThePlan() async throws {
        let (h, queued) = try await queuedBooking(hold: false)
        defer { Task { await h.stop() } }
        let pickup = try #require(queued.etaPickup), promise = try #require(queued.etaDropoff)
        #expect(queued.initialETADropoff == promise)
        #expect(abs(promise.timeIntervalSince(pickup) - Self.flightS) < 5)
    }
}
