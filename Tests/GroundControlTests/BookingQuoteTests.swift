import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundLink

/// New bookings answered from the last round's plan (MQTTDispatcher's quote book) with a real broker
/// and SQLite store: answered without a round, durable before the answer, and what the next round gives.
@Suite("Booking quotes", .timeLimit(TestPace.timeLimit(minutes: 1)))
struct BookingQuoteTests {
    static let base = GeoPoint(lat: 47.3769, lon: 8.5417)
    // Short hops: the drone's pack holds a few of them in a row.
    static let pickup = base.moved(east: 150, north: 150)
    static let dropoff = base.moved(east: 250, north: 300)

    /// Periodic rounds out of the way; a booking's coalesced round long enough after the last round that a
    /// burst of bookings is answered before it.
    static func harness() async throws -> IngestHarness {
        try await IngestHarness(
            dispatcher: DispatcherConfiguration(
                roundInterval: TestPace.scaled(.seconds(60)), replyTimeout: TestPace.scaled(.seconds(2)),
                requestWait: TestPace.scaled(.seconds(2)), bookingRoundDelay: TestPace.scaled(.seconds(4))))
    }

    /// The ingest is up and its probe drone's offline is through (a drone going offline voids the plan
    /// bookings are quoted from).
    static func ready(_ h: IngestHarness) async throws {
        try await h.waitForIngest()
        try await waitUntil("probe offline") { await h.fleet.state(of: "probe")?.online == false }
    }

    /// The one drone, `solo`, online 100 m east of the base with a full pack and accepting every offer.
    static func soloReady(_ h: IngestHarness) async throws {
        try await ready(h)
        try await h.peer.answer { _ in true }
        let at = base.moved(east: 100, north: 0)
        try await h.peer.online("solo", at: at)
        try await h.peer.telemetry("solo", at: at, battery: 100)
        try await waitUntil("solo available") { await h.fleet.state(of: "solo")?.position != nil }
    }

    /// A plan to quote from and no round owed: a booking answered by a round still running when it was
    /// made leaves the round it asked for to come (its rounds yield while they read and plan), which a
    /// burst made now must not count as its own.
    static func quoting(_ h: IngestHarness) async -> Bool {
        guard await h.dispatcher.quoteBook != nil else { return false }
        return await !h.dispatcher.roundRequested
    }

    /// Books `count` deliveries at once.
    static func burst(_ h: IngestHarness, _ count: Int) async throws -> [Delivery] {
        try await withThrowingTaskGroup(of: Delivery.self) { group in
            for _ in 0..<count { group.addTask { try await h.book(from: Self.pickup, to: Self.dropoff) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test(
        "bookings behind a busy drone are answered from the plan without a round, each at the end of the queue, durable, and where the next round puts them"
    )
    func busyDroneQueueIsQuoted() async throws {
        let h = try await Self.harness()
        defer { Task { await h.stop() } }
        try await Self.soloReady(h)

        let first = try await h.book(from: Self.pickup, to: Self.dropoff)
        #expect(first.status == .scheduled && first.assignedDroneID == "solo")
        let second = try await h.book(from: Self.pickup, to: Self.dropoff)
        #expect(second.status == .requested && second.reason == "planned as the next job of solo", "\(second)")
        try await waitUntil("a plan to quote from", timeout: TestPace.scaled(.seconds(15))) {
            await Self.quoting(h)
        }

        let rounds = await h.dispatcher.roundCount
        let quotedAt = Date()
        let burst = try await Self.burst(h, 2)
        #expect(await h.dispatcher.roundCount == rounds, "answered from the plan, not by a round")
        // Each at the end of the queue as it was then: places 1 and 2 behind `second` (the pack holds two more
        // after `first` and `second`), the later place later.
        let byPlace = burst.sorted { ($0.etaDropoff ?? .distantPast) < ($1.etaDropoff ?? .distantPast) }
        #expect(
            byPlace.map(\.reason) == (1...2).map { "planned for solo after \($0) other job\($0 == 1 ? "" : "s")" })
        var previous = try #require(second.etaDropoff)
        for delivery in byPlace {
            let dropoff = try #require(delivery.etaDropoff)
            #expect(dropoff > previous)
            previous = dropoff
            #expect(delivery.status == .requested && (delivery.etaMarginSeconds ?? 0) > 0)
            // Written before it was answered.
            let row = try #require(try await h.store.delivery(id: delivery.id))
            #expect(row.initialETADropoff == dropoff && row.initialETAPickup == delivery.etaPickup)
        }

        // The coalesced round re-plans the queue: identical jobs, so the same places at the same times
        // (the busy drone stands still, so its planned return moves with the clock: allowed for).
        try await waitUntil("the coalesced round", timeout: TestPace.scaled(.seconds(20))) {
            await h.dispatcher.roundCount > rounds
        }
        let drift = Date().timeIntervalSince(quotedAt)
        let rows = try await burst.asyncMap { try #require(try await h.store.delivery(id: $0.id)) }
        let replanned = rows.compactMap(\.etaDropoff).sorted()
        #expect(replanned.count == 2)
        #expect(rows.map(\.reason).sorted { ($0 ?? "") < ($1 ?? "") } == byPlace.map(\.reason))
        for (quoted, row) in zip(byPlace.compactMap(\.etaDropoff), replanned) {
            #expect(abs(row.timeIntervalSince(quoted)) <= MQTTDispatcher.plannedETATolerance + drift)
        }
        #expect(await h.peer.assignments.count == 1)
    }

    @Test(
        "with no drone at all a burst of bookings is answered queued at once, and the round that follows rewrites none of them"
    )
    func noDroneQueueIsQuoted() async throws {
        let h = try await Self.harness()
        defer { Task { await h.stop() } }
        try await Self.ready(h)

        let first = try await h.book(from: Self.pickup, to: Self.dropoff)
        #expect(first.status == .requested && first.reason == "no drone available")
        try await waitUntil("a plan to quote from", timeout: TestPace.scaled(.seconds(15))) {
            await Self.quoting(h)
        }
        let rounds = await h.dispatcher.roundCount
        let burst = try await Self.burst(h, 20)
        #expect(await h.dispatcher.roundCount == rounds, "answered from the plan, not by a round")
        #expect(burst.allSatisfy { $0.status == .requested && $0.reason == "no drone available" })
        let written = try await burst.asyncMap { try #require(try await h.store.delivery(id: $0.id)) }
        #expect(written.map(\.reason) == burst.map(\.reason))

        try await waitUntil("the coalesced round", timeout: TestPace.scaled(.seconds(20))) {
            await h.dispatcher.roundCount > rounds
        }
        // Same reason as quoted: the round has nothing to write.
        let after = try await burst.asyncMap { try #require(try await h.store.delivery(id: $0.id)) }
        #expect(
            after.map(\.version) == written.map(\.version),
            "\(after.map { ($0.reason ?? "-", $0.updatedAt.timeIntervalSince1970, $0.createdAt.timeIntervalSince1970) }) \(written.map { $0.updatedAt.timeIntervalSince1970 })"
        )
    }

    @Test(
        "bookings quoted while rounds read and plan off the actor are all re-planned by a later round: each row ends where the last plan puts it"
    )
    func bookingsDuringRunningRoundsAreReplanned() async throws {
        // Each booking's round 1 ms after the last one started: rounds run back to back, and bookings are
        // quoted while one reads the rows or plans.
        let h = try await IngestHarness(
            dispatcher: DispatcherConfiguration(
                roundInterval: TestPace.scaled(.seconds(60)), replyTimeout: TestPace.scaled(.seconds(2)),
                requestWait: TestPace.scaled(.seconds(2)), bookingRoundDelay: .milliseconds(1)))
        defer { Task { await h.stop() } }
        try await Self.soloReady(h)
        let first = try await h.book(from: Self.pickup, to: Self.dropoff)
        #expect(first.status == .scheduled && first.assignedDroneID == "solo")

        let rounds = await h.dispatcher.roundCount
        let started = Date()
        var booked: [Delivery] = []
        for _ in 0..<6 { booked += try await Self.burst(h, 6) }
        #expect(await h.dispatcher.roundCount > rounds, "rounds ran while the bookings came")
        #expect(booked.allSatisfy { $0.status == .requested })

        // Every quote seen by a round that read its row, then every row as the last plan has it: at its place
        // in solo's queue with the plan's ETA (a row is rewritten when its place or ETA moves), or queued
        // with the plan's reason.
        try await waitUntil("every quote seen by a round", timeout: TestPace.scaled(.seconds(20))) {
            guard await h.dispatcher.quotedAt.isEmpty else { return false }
            return await !h.dispatcher.roundRequested
        }
        let drift = Date().timeIntervalSince(started)
        try await waitUntil("every row where the last plan puts it", timeout: TestPace.scaled(.seconds(20))) {
            for delivery in booked {
                guard let row = try await h.store.delivery(id: delivery.id) else { return false }
                if let job = await h.dispatcher.lastPlan[delivery.id] {
                    let place =
                        job.queueIndex == 0
                        ? "planned as the next job of solo"
                        : "planned for solo after \(job.queueIndex) other job\(job.queueIndex == 1 ? "" : "s")"
                    guard job.droneID == "solo", row.reason?.hasPrefix(place) == true, let eta = row.etaDropoff,
                        abs(eta.timeIntervalSince1970 - job.etaDropoff) <= MQTTDispatcher.plannedETATolerance + drift
                    else { return false }
                } else if let reason = await h.dispatcher.lastReason[delivery.id] {
                    guard row.reason == reason else { return false }
                } else {
                    return false
                }
            }
            return true
        }
    }
}

extension Array where Element: Sendable {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        results.reserveCapacity(count)
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
