import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

@Suite("Reschedule: a delivery's plan changes before pickup, never racing a dispatch")
struct RescheduleTests {
    static let eta = Date(timeIntervalSince1970: 1_900_000_000)
    static let newDropoff = GeoPoint(lat: 47.40, lon: 8.50)

    static func placed(_ drone: String, _ assignment: String) -> DispatchDecision {
        .scheduled(droneID: drone, assignmentID: assignment, etaPickup: eta, etaDropoff: eta.addingTimeInterval(600))
    }

    @Test func scheduledDeliveryLeavesItsDroneAndIsPlannedAgainWithTheChangeInItsHistory() async throws {
        let (dir, store, dispatcher, service) = try await DeliveryServiceTests.make(Self.placed("d1", "a1"))
        defer { dir.remove() }
        let booked = try await service.create(businessID: "b", request: DeliveryServiceTests.request)
        #expect(booked.status == .scheduled && booked.assignedDroneID == "d1")
        let later = Self.eta.addingTimeInterval(900)
        await dispatcher.setDecision(
            .scheduled(droneID: "d2", assignmentID: "a2", etaPickup: later, etaDropoff: later.addingTimeInterval(600)))

        let moved = try await service.reschedule(
            booked.id, businessID: "b", change: DeliveryChange(dropoff: Self.newDropoff))
        #expect(moved.status == .scheduled && moved.assignedDroneID == "d2" && moved.assignmentID == "a2")
        #expect(moved.dropoff == Self.newDropoff && moved.planRevision == 1)
        #expect(moved.etaPickup == later, "the new plan's ETA")
        #expect(moved.initialETAPickup == later, "the promise is the new plan's")
        #expect(await dispatcher.cancelled == [booked.id], "d1 is told to drop the old plan")
        #expect(await dispatcher.dispatched == [booked.id, booked.id])

        let history = try await store.history(deliveryID: booked.id)
        #expect(history.map(\.to) == [.requested, .scheduled, .requested, .scheduled])
        #expect(history[2].from == .scheduled && history[2].reason == "rescheduled (dropoff changed)")
    }

    @Test func queuedDeliveryKeepsItsStatusAndTheHistoryStillRecordsTheChange() async throws {
        let (dir, store, _, service) = try await DeliveryServiceTests.make(.queued(reason: "no drone available"))
        defer { dir.remove() }
        let booked = try await service.create(businessID: "b", request: DeliveryServiceTests.request)
        let start = Date().addingTimeInterval(3600)
        let window = DeliveryWindow(start: start, end: start.addingTimeInterval(1800))
        let moved = try await service.reschedule(
            booked.id, businessID: nil, change: DeliveryChange(window: window, dropoff: Self.newDropoff))
        #expect(moved.status == .requested && moved.dropoff == Self.newDropoff)
        #expect(DeliveryChange.same(window, moved.window), "the store keeps the window to the millisecond")
        let last = try #require(try await store.history(deliveryID: booked.id).last)
        #expect(last.from == .requested && last.to == .requested)
        #expect(last.reason == "rescheduled (window, dropoff changed)")

        // The same change again changes nothing and records nothing.
        let count = try await store.history(deliveryID: booked.id).count
        _ = try await service.reschedule(
            booked.id, businessID: nil, change: DeliveryChange(window: window, dropoff: Self.newDropoff))
        #expect(try await store.history(deliveryID: booked.id).count == count)
        #expect(try await store.delivery(id: booked.id)?.planRevision == 1)
    }

    @Test func refusedAfterPickupForAnotherBusinessAndForAnInvalidPlan() async throws {
        let (dir, _, _, service) = try await DeliveryServiceTests.make(Self.placed("d1", "a1"))
        defer { dir.remove() }
        let booked = try await service.create(businessID: "b", request: DeliveryServiceTests.request)
        let change = DeliveryChange(dropoff: Self.newDropoff)

        await #expect(throws: DeliveryServiceError.self) {
            try await service.reschedule(booked.id, businessID: "someone-else", change: change)
        }
        do {
            _ = try await service.reschedule(
                booked.id, businessID: "b", change: DeliveryChange(dropoff: DeliveryServiceTests.request.pickup))
            Issue.record("a dropoff at the pickup was accepted")
        } catch {
            guard case let .invalid(field, code, _) = error else { throw error }
            #expect(field == "dropoff" && code == "same_as_pickup")
        }
        do {
            _ = try await service.reschedule(
                booked.id, businessID: "b",
                change: DeliveryChange(
                    window: DeliveryWindow(
                        start: Date().addingTimeInterval(-7200), end: Date().addingTimeInterval(-3600))))
            Issue.record("a window in the past was accepted")
        } catch {
            guard case let .invalid(field, _, _) = error else { throw error }
            #expect(field == "window.end")
        }

        _ = try await service.apply(
            DroneProgress(
                droneID: "d1", deliveryID: booked.id, assignmentID: "a1", phase: .enRouteToPickup, time: Date()))
        do {
            _ = try await service.reschedule(booked.id, businessID: "b", change: change)
            Issue.record("a delivery at pickup was rescheduled")
        } catch {
            guard case let .conflict(transition) = error else { throw error }
            #expect(transition.from == .pickupInProgress)
        }
    }

    /// An offer made for the old plan, whose acceptance is written after the reschedule, is refused and
    /// its drone withdrawn; written before, the reschedule takes the delivery off that drone. Either way
    /// no drone ends up holding the new plan under the old offer.
    @Test func rescheduleAndAConcurrentAcceptanceNeverBothWin() async throws {
        let (dir, store, dispatcher, service) = try await DeliveryServiceTests.make(
            .queued(reason: "no drone available"))
        defer { dir.remove() }

        // Each order on its own first.
        let patchFirst = try await service.create(businessID: "b", request: DeliveryServiceTests.request)
        let staleOffer = try await Self.offer(patchFirst, store: store)
        _ = try await service.reschedule(
            patchFirst.id, businessID: "b", change: DeliveryChange(dropoff: Self.newDropoff))
        await #expect(throws: DeliveryServiceError.self) {
            try await service.apply(staleOffer.acceptance, to: patchFirst.id)
        }
        #expect(try await store.delivery(id: patchFirst.id)?.assignedDroneID == nil)
        #expect(await dispatcher.cancelled.filter { $0 == patchFirst.id }.count == 2, "reschedule, then withdrawal")

        let acceptFirst = try await service.create(businessID: "b", request: DeliveryServiceTests.request)
        let offer = try await Self.offer(acceptFirst, store: store)
        #expect(try await service.apply(offer.acceptance, to: acceptFirst.id).assignedDroneID == "d1")
        let moved = try await service.reschedule(
            acceptFirst.id, businessID: "b", change: DeliveryChange(dropoff: Self.newDropoff))
        #expect(moved.status == .requested && moved.assignedDroneID == nil)

        // Then raced: whichever write lands first, the other one loses.
        var outcomes: Set<String> = []
        for _ in 0..<12 {
            let booked = try await service.create(businessID: "b", request: DeliveryServiceTests.request)
            let offer = try await Self.offer(booked, store: store)
            async let patched = service.reschedule(
                booked.id, businessID: "b", change: DeliveryChange(dropoff: Self.newDropoff))
            async let accepted = Self.accept(offer, service: service)
            let (after, acceptanceWon) = try await (patched, accepted)
            #expect(after.dropoff == Self.newDropoff)
            let row = try #require(try await store.delivery(id: booked.id))
            #expect(row.status == .requested && row.assignedDroneID == nil, "\(row)")
            let history = try await store.history(deliveryID: booked.id)
            if acceptanceWon {
                // Scheduled on the old plan first, then taken off the drone by the reschedule.
                #expect(history.map(\.to) == [.requested, .scheduled, .requested])
                outcomes.insert("acceptance, then reschedule")
            } else {
                #expect(!history.contains { $0.to == .scheduled }, "\(history)")
                outcomes.insert("reschedule; acceptance refused")
            }
        }
        #expect(!outcomes.isEmpty)
    }

    /// Writes the drone's acceptance of `offer`; says whether it won.
    static func accept(_ offer: Offer, service: DeliveryService) async -> Bool {
        do {
            _ = try await service.apply(offer.acceptance, to: offer.deliveryID)
            return true
        } catch {
            return false
        }
    }

    /// An offer stored as the dispatcher stores it, for the delivery's current plan.
    static func offer(_ delivery: Delivery, store: SQLiteGroundStore) async throws -> Offer {
        let offer = Offer(
            assignmentID: "asg_" + UUID().uuidString, deliveryID: delivery.id, droneID: "d1", commandID: "cmd",
            offeredAt: Date(), etaPickup: eta, etaDropoff: eta.addingTimeInterval(600), state: .accepted,
            planRevision: delivery.planRevision)
        try await store.insertOffer(offer)
        return offer
    }
}
