import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundLink

/// MQTTDispatcher with a real broker: the test plays the drones over MQTT (reads `commands`,
/// publishes state, telemetry and replies), ground runs its real ingest and scheduler rounds.
@Suite("MQTT dispatcher", .timeLimit(TestPace.timeLimit(minutes: 1)))
struct DispatchTests {
    static let base = GeoPoint(lat: 47.3769, lon: 8.5417)
    static let pickup = base.moved(east: 0, north: 500)
    static let dropoff = base.moved(east: 300, north: 900)

    /// Brings a drone online, idle at `east` metres from the base, with a position and battery.
    private func idle(_ h: IngestHarness, _ drone: String, east: Double, maxPayloadKg: Double = 2.5) async throws {
        let at = Self.base.moved(east: east, north: 0)
        try await h.peer.online(drone, at: at, maxPayloadKg: maxPayloadKg)
        try await h.peer.telemetry(drone, at: at, battery: 95)
        try await waitUntil("\(drone) available") {
            let state = await h.fleet.state(of: drone)
            return state?.online == true && state?.position != nil
        }
    }

    private func waitForStatus(_ h: IngestHarness, _ id: String, _ status: DeliveryStatus, drone: String? = nil)
        async throws -> Delivery
    {
        try await waitUntil("\(id) \(status)") {
            let delivery = try await h.store.delivery(id: id)
            return delivery?.status == status && (drone == nil || delivery?.assignedDroneID == drone)
        }
        return try #require(try await h.store.delivery(id: id))
    }

    @Test("the nearest drone accepts: the create answers scheduled with ETAs, stored once as the initial ETAs")
    func acceptedWithinRequest() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        try await idle(h, "near", east: 100)
        try await idle(h, "far", east: 2_000)

        let created = try await h.book(from: Self.pickup, to: Self.dropoff)
        #expect(created.status == .scheduled)
        #expect(created.assignedDroneID == "near")
        let etaPickup = try #require(created.etaPickup), etaDropoff = try #require(created.etaDropoff)
        #expect(etaPickup > created.createdAt && etaDropoff > etaPickup)
        #expect(created.initialETAPickup == etaPickup && created.initialETADropoff == etaDropoff)

        let offers = await h.peer.assignments
        #expect(offers.count == 1)
        let offer = try #require(offers.first)
        #expect(offer.drone == "near")
        #expect(offer.assignment.deliveryID == created.id && offer.assignment.assignmentID == created.assignmentID)
        #expect(offer.assignment.pickup == Self.pickup && offer.assignment.dropoff == Self.dropoff)
        let command = try #require(await h.peer.received.first)
        #expect(command.expiresAtMs > command.issuedAtMs)
    }

    @Test(
        "manual dispatch: an operator assigns a scheduled delivery to another drone; a busy chosen drone keeps it queued with the reason"
    )
    func operatorAssignsToChosenDrone() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        try await idle(h, "near", east: 100)
        try await idle(h, "far", east: 1_500)

        let created = try await h.book(from: Self.pickup, to: Self.dropoff)
        _ = try await waitForStatus(h, created.id, .scheduled, drone: "near")
        let moved = try await h.deliveries.override(created.id, action: .assign, reason: nil, droneID: "far")
        #expect(moved.assignedDroneID == "far" || moved.status == .requested)
        let delivery = try await waitForStatus(h, created.id, .scheduled, drone: "far")
        #expect(delivery.assignedDroneID == "far")
        // The first drone was told to drop it; the chosen one got the offer.
        let kinds = await h.peer.received.map { ($0.droneID.rawValue, $0.kind.wireName) }
        #expect(kinds.contains { $0 == ("near", "cancel") } && kinds.contains { $0 == ("far", "assign") }, "\(kinds)")

        // Pinned to a drone that is flying something else: it waits for that drone, with the reason.
        let second = try await h.book(from: Self.pickup, to: Self.dropoff)
        _ = try await waitForStatus(h, second.id, .scheduled, drone: "near")
        let pinned = try await h.deliveries.override(second.id, action: .assign, reason: nil, droneID: "far")
        #expect(pinned.status == .requested)
        try await waitUntil("queued with the chosen drone's reason") {
            (try await h.store.delivery(id: second.id))?.reason?.contains("operator chose") == true
        }
        await #expect(throws: DeliveryServiceError.self) {
            _ = try await h.deliveries.override(second.id, action: .assign, reason: nil, droneID: nil)
        }
    }

    @Test(
        "manual dispatch through another instance (same database, not the leader): the pin is in the row, the leader obeys it"
    )
    func pinFromAnotherInstanceReachesTheLeader() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        try await idle(h, "near", east: 100)
        try await idle(h, "far", east: 1_500)
        // A follower: its own delivery service over the same store, with no scheduler of its own.
        let follower = DeliveryService(
            store: h.store, dispatcher: QueueingDispatcher(reason: MQTTDispatcher.followerReason))

        let created = try await follower.create(
            businessID: IngestHarness.businessID,
            request: DeliveryRequest(
                pickup: Self.pickup, dropoff: Self.dropoff, weightKg: 1, size: .small))
        #expect(created.status == .requested)
        _ = try await waitForStatus(h, created.id, .scheduled, drone: "near")
        let moved = try await follower.override(created.id, action: .assign, reason: nil, droneID: "far")
        #expect(moved.status == .requested && moved.pinnedDroneID == "far")
        let delivery = try await waitForStatus(h, created.id, .scheduled, drone: "far")
        #expect(delivery.pinnedDroneID == "far")
        #expect(
            await h.peer.assignments.filter { $0.assignment.deliveryID == created.id }.map(\.drone) == ["near", "far"])
    }

    @Test("a rejection sends the offer to the next best drone")
    func rejectionTriesNextDrone() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { $0.droneID.rawValue != "near" }
        try await idle(h, "near", east: 100)
        try await idle(h, "far", east: 1_500)

        let created = try await h.book(from: Self.pickup, to: Self.dropoff)
        let delivery = try await waitForStatus(h, created.id, .scheduled, drone: "far")
        #expect(delivery.rejectedBy.isEmpty || delivery.rejectedBy == ["near"])
        #expect(await h.peer.assignments.map(\.drone) == ["near", "far"])
    }

    @Test("no feasible drone: the delivery stays queued with the reason, and is scheduled once a drone fits")
    func noFeasibleDroneStaysQueued() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        try await idle(h, "small", east: 100, maxPayloadKg: 1)

        let created = try await h.book(from: Self.pickup, to: Self.dropoff, weightKg: 2)
        #expect(created.status == .requested)
        #expect(created.reason?.contains("weight") == true)
        let stored = try #require(try await h.store.delivery(id: created.id))
        #expect(stored.reason == created.reason)
        #expect(await h.peer.assignments.isEmpty)

        try await idle(h, "big", east: 1_000, maxPayloadKg: 5)
        let delivery = try await waitForStatus(h, created.id, .scheduled, drone: "big")
        #expect(delivery.reason == nil)
    }

    @Test("a drone that never replies counts as a rejection and is told to drop the offer")
    func replyTimeoutIsRejection() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { $0.droneID.rawValue == "silent" ? nil : true }
        try await idle(h, "silent", east: 50)
        try await idle(h, "eager", east: 1_200)

        let created = try await h.book(from: Self.pickup, to: Self.dropoff)
        _ = try await waitForStatus(h, created.id, .scheduled, drone: "eager")
        let offers = await h.peer.assignments
        #expect(offers.map(\.drone) == ["silent", "eager"])
        let silentAssignment = offers[0].assignment.assignmentID
        try await waitUntil("cancel sent to the silent drone") {
            await h.peer.cancels.contains { $0.drone == "silent" && $0.assignmentID == silentAssignment }
        }
    }

    @Test("a drone going offline before pickup: its delivery is reassigned and it is told to cancel")
    func offlineBeforePickupReassigns() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        try await idle(h, "first", east: 100)
        try await idle(h, "second", east: 1_500)

        let created = try await h.book(from: Self.pickup, to: Self.dropoff)
        #expect(created.assignedDroneID == "first")
        let firstAssignment = try #require(created.assignmentID)
        try await h.peer.offline("first")

        let delivery = try await waitForStatus(h, created.id, .scheduled, drone: "second")
        #expect(delivery.assignmentID != firstAssignment)
        #expect(delivery.rejectedBy.contains("first"))
        #expect(delivery.initialETAPickup == created.initialETAPickup)
        try await waitUntil("cancel queued for the offline drone") {
            await h.peer.cancels.contains { $0.drone == "first" && $0.assignmentID == firstAssignment }
        }
    }

    @Test("cancelling a scheduled delivery sends cancel to its drone")
    func cancelSendsCancel() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        try await idle(h, "c1", east: 100)

        let created = try await h.book(from: Self.pickup, to: Self.dropoff)
        let assignmentID = try #require(created.assignmentID)
        let cancelled = try await h.deliveries.cancel(created.id, businessID: IngestHarness.businessID)
        #expect(cancelled.status == .cancelled)
        try await waitUntil("cancel received") {
            await h.peer.cancels.contains { $0.drone == "c1" && $0.assignmentID == assignmentID }
        }
        // The freed drone takes the next delivery.
        let next = try await h.book(from: Self.pickup, to: Self.dropoff)
        #expect(next.assignedDroneID == "c1")
    }

    @Test(
        "a booking while the only drone is busy is answered at once with planned ETAs; an express booking moves it back and its stream says so"
    )
    func busyFleetAnswersWithPlannedETAs() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        try await idle(h, "solo", east: 100)

        let first = try await h.book(from: Self.pickup, to: Self.dropoff)
        #expect(first.status == .scheduled && first.assignedDroneID == "solo")
        let second = try await h.book(from: Self.pickup, to: Self.dropoff)
        #expect(second.status == .requested)
        let pickup = try #require(second.etaPickup), dropoff = try #require(second.etaDropoff)
        #expect(pickup > (try #require(first.etaDropoff)) && dropoff > pickup)
        #expect((second.etaMarginSeconds ?? 0) > 0)
        #expect(second.initialETADropoff == dropoff)
        #expect(second.reason?.contains("solo") == true, "\(second.reason ?? "-")")
        // Only the head of the queue flies: no second assign while solo is busy.
        #expect(await h.peer.assignments.count == 1)

        let updates = await h.deliveries.tracking.subscribe(deliveryID: second.id)
        let express = try await h.deliveries.create(
            businessID: IngestHarness.businessID,
            request: DeliveryRequest(
                pickup: Self.pickup, dropoff: Self.dropoff, weightKg: 1, size: .small, priority: .express))
        #expect(express.status == .requested && express.priority == .express)
        #expect((try #require(express.etaDropoff)) < dropoff.addingTimeInterval(60))
        try await waitUntil("the standard booking planned after the express one") {
            let row = try await h.store.delivery(id: second.id)
            return (row?.etaDropoff ?? .distantPast) > dropoff.addingTimeInterval(60)
        }
        let moved = try #require(try await h.store.delivery(id: second.id))
        #expect(moved.initialETADropoff == dropoff)
        #expect(moved.status == .requested)
        var streamed: TrackingUpdate?
        for await update in updates where update.etaDropoff == moved.etaDropoff {
            streamed = update
            break
        }
        #expect(streamed?.etaMarginSeconds == moved.etaMarginSeconds)
    }

    @Test("a pickup window an hour ahead: no assign now, the planned pickup is when the window opens")
    func windowAheadIsPlannedNotFlown() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        try await idle(h, "w1", east: 100)

        let opens = Date().addingTimeInterval(3600)
        let created = try await h.deliveries.create(
            businessID: IngestHarness.businessID,
            request: DeliveryRequest(
                pickup: Self.pickup, dropoff: Self.dropoff, weightKg: 1, size: .small,
                window: DeliveryWindow(start: opens, end: opens.addingTimeInterval(1800)),
                deadline: opens.addingTimeInterval(3600)))
        #expect(created.status == .requested)
        let pickup = try #require(created.etaPickup)
        #expect(abs(pickup.timeIntervalSince(opens)) < 1)
        #expect(created.lateBySeconds == 0)
        #expect(await h.peer.assignments.isEmpty)
    }

    @Test("recall and land-now reach the drone and report its answer")
    func operatorCommands() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { command in
            if case .landNow = command.kind { return false }
            return true
        }
        try await idle(h, "op1", east: 100)

        try await h.dispatcher.command(.recall, droneID: "op1")
        await #expect(throws: DispatchError.self) { try await h.dispatcher.command(.landNow, droneID: "op1") }
        await #expect(throws: DispatchError.self) { try await h.dispatcher.command(.recall, droneID: "ghost") }
        let kinds = await h.peer.received.map(\.kind.wireName)
        #expect(kinds == ["recall", "land-now"])
    }

    /// A drone that answers at once can have its reply handled while the publish still awaits the broker's
    /// PUBACK; that answer reaches the operator too (it was once dropped, and the request waited for good).
    @Test("every operator command gets the drone's answer, however fast the drone replies")
    func operatorCommandsAnsweredBeforeThePublishReturns() async throws {
        // What is tested is that no answer is lost, not how fast 60 round trips go: beside the whole target
        // on 2 cores one took over 2 s, the default reply timeout.
        let h = try await IngestHarness(
            dispatcher: DispatcherConfiguration(
                roundInterval: TestPace.scaled(.seconds(1)), replyTimeout: TestPace.scaled(.seconds(20)),
                requestWait: TestPace.scaled(.seconds(2))))
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        try await idle(h, "fast1", east: 100)
        for _ in 0..<40 {
            try await h.dispatcher.command(.recall, droneID: "fast1")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask { try await h.dispatcher.command(.landNow, droneID: "fast1") }
            }
            try await group.waitForAll()
        }
        #expect(await h.peer.received.count == 60)
    }
}
