import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

@Suite("Delivery service")
struct DeliveryServiceTests {
    static let eta = Date(timeIntervalSince1970: 1_900_000_000)

    static func make(
        _ decision: DispatchDecision = .scheduled(
            droneID: "d1", assignmentID: "a1", etaPickup: eta, etaDropoff: eta.addingTimeInterval(600))
    )
        async throws -> (TemporaryDirectory, SQLiteGroundStore, RecordingDispatcher, DeliveryService)
    {
        let dir = try TemporaryDirectory()
        let store = try SQLiteGroundStore(path: dir.sqlitePath())
        try await store.insertBusiness(Business(id: "b", name: "B", apiKeyHash: "h", createdAt: Date()))
        let dispatcher = RecordingDispatcher(decision: decision)
        return (dir, store, dispatcher, DeliveryService(store: store, dispatcher: dispatcher))
    }

    static let request = DeliveryRequest(
        pickup: GeoPoint(lat: 47.37, lon: 8.54), dropoff: GeoPoint(lat: 47.39, lon: 8.51), weightKg: 1, size: .small)

    @Test func mapsDronePhasesToDeliveryStatusesAndIgnoresStaleEvents() async throws {
        let (dir, store, _, service) = try await Self.make()
        defer { dir.remove() }
        let d = try await service.create(businessID: "b", request: Self.request)
        #expect(d.status == .scheduled)
        func progress(_ phase: AssignmentPhase, drone: String = "d1", assignment: String? = "a1") -> DroneProgress {
            DroneProgress(
                droneID: drone, deliveryID: d.id, assignmentID: assignment, phase: phase, reason: "low battery",
                time: Date())
        }
        #expect(try await service.apply(progress(.accepted)) == nil)
        #expect(try await service.apply(progress(.takeoff)) == nil)
        #expect(try await service.apply(progress(.enRouteToPickup))?.status == .pickupInProgress)
        #expect(try await service.apply(progress(.atPickup)) == nil, "already pickupInProgress")
        #expect(try await service.apply(progress(.enRouteToDropoff, drone: "intruder")) == nil)
        #expect(try await service.apply(progress(.enRouteToDropoff, assignment: "old-assignment")) == nil)
        #expect(try await service.apply(progress(.enRouteToDropoff))?.status == .inTransit)
        #expect(try await service.apply(progress(.enRouteToPickup)) == nil, "late duplicate does not go backwards")
        #expect(try await service.apply(progress(.atDropoff))?.status == .delivered)
        // Trouble on the way home does not fail a delivered package.
        #expect(try await service.apply(progress(.aborted))?.status == .completed)
        let history = try await store.history(deliveryID: d.id).map(\.to)
        #expect(history == [.requested, .scheduled, .pickupInProgress, .inTransit, .delivered, .completed])
    }

    @Test func abortInTransitFailsWithReasonAbortBeforePickupAndRejectionRequeue() async throws {
        let (dir, store, dispatcher, service) = try await Self.make()
        defer { dir.remove() }
        let a = try await service.create(businessID: "b", request: Self.request)
        _ = try await service.apply(
            DroneProgress(droneID: "d1", deliveryID: a.id, assignmentID: "a1", phase: .enRouteToDropoff, time: Date()))
        let failed = try await service.apply(
            DroneProgress(
                droneID: "d1", deliveryID: a.id, assignmentID: "a1", phase: .aborted, reason: "geofence", time: Date()))
        #expect(failed?.status == .failed)
        #expect(failed?.reason == "geofence")

        // Still at the pickup: the package waits for another drone, the abort reason stays in the history.
        let early = try await service.create(businessID: "b", request: Self.request)
        _ = try await service.apply(
            DroneProgress(
                droneID: "d1", deliveryID: early.id, assignmentID: "a1", phase: .enRouteToPickup, time: Date()))
        let requeued = try await service.apply(
            DroneProgress(
                droneID: "d1", deliveryID: early.id, assignmentID: "a1", phase: .aborted, reason: "lowBattery",
                time: Date()))
        #expect(requeued?.status == .requested)
        #expect(requeued?.rejectedBy == ["d1"] && requeued?.assignedDroneID == nil)
        let last = try #require(try await store.history(deliveryID: early.id).last)
        #expect(last.from == .pickupInProgress && last.to == .requested && last.reason?.contains("lowBattery") == true)

        let b = try await service.create(businessID: "b", request: Self.request)
        await dispatcher.setDecision(.queued(reason: "no drone in range"))
        let rejected = try await service.apply(
            DroneProgress(droneID: "d1", deliveryID: b.id, phase: .rejected, reason: "battery", time: Date()))
        #expect(rejected?.status == .requested)
        #expect(rejected?.rejectedBy == ["d1"])
        #expect(rejected?.assignedDroneID == nil)
        let again = try await service.dispatch(b.id)
        #expect(again.reason == "no drone in range")
        #expect(try await store.delivery(id: b.id)?.initialETADropoff == Self.eta.addingTimeInterval(600))
        #expect(await dispatcher.dispatched == [a.id, early.id, b.id, b.id])
    }

    @Test func queuedDeliveryIsScheduledByALaterRound() async throws {
        let (dir, _, _, service) = try await Self.make(.queued(reason: "all drones busy"))
        defer { dir.remove() }
        let d = try await service.create(businessID: "b", request: Self.request)
        #expect(d.status == .requested)
        #expect(d.reason == "all drones busy")
        let scheduled = try await service.apply(
            .scheduled(droneID: "d9", assignmentID: "a9", etaPickup: Self.eta, etaDropoff: Self.eta), to: d.id)
        #expect(scheduled.status == .scheduled)
        #expect(scheduled.reason == nil)
        #expect(scheduled.initialETAPickup == Self.eta)
    }

    @Test func serviceAreaFromGeoJSON() throws {
        let geojson =
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[8.4,47.3],[8.7,47.3],[8.7,47.45],[8.4,47.45],[8.4,47.3]]]}}]}"#
        let area = try ServiceArea(geoJSON: Data(geojson.utf8))
        #expect(area.contains(GeoPoint(lat: 47.37, lon: 8.54)))
        #expect(!area.contains(GeoPoint(lat: 46.9, lon: 8.54)))
        #expect(throws: ServiceAreaError.self) {
            try ServiceArea(geoJSON: Data(#"{"type":"Polygon","coordinates":[[[1,2]]]}"#.utf8))
        }
        #expect(throws: ServiceAreaError.self) { try ServiceArea(geoJSON: Data("nope".utf8)) }
    }
}
