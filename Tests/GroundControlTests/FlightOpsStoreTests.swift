import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// The v10-flight-ops columns and table on SQLite and PostgreSQL alike.
@Suite("Flight-ops storage: key rotation, plan revisions, airborne telemetry, maintenance records")
struct FlightOpsStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: StoreBackend.allCases)
    func keepsOneReplacedKeyPlanRevisionsAirborneSamplesAndMaintenance(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        defer { Task { await fixture.close() } }
        let store = fixture.store

        // Rotation: the replaced key is found until the next rotation, then only the two newest are.
        try await store.insertBusiness(Business(id: "b", name: "B", apiKeyHash: "h1", createdAt: Self.t0))
        #expect(try await store.rotateBusinessKey(id: "nope", newKeyHash: "x", previousKeyExpiresAt: Self.t0) == nil)
        let rotated = try #require(
            try await store.rotateBusinessKey(id: "b", newKeyHash: "h2", previousKeyExpiresAt: Self.t0))
        #expect(rotated.apiKeyHash == "h2" && rotated.previousKeyHash == "h1")
        #expect(rotated.previousKeyExpiresAt == Self.t0)
        for hash in ["h1", "h2"] { #expect(try await store.business(apiKeyHash: hash)?.id == "b") }
        _ = try await store.rotateBusinessKey(id: "b", newKeyHash: "h3", previousKeyExpiresAt: Self.t0)
        #expect(try await store.business(apiKeyHash: "h1") == nil)
        #expect(try await store.business(apiKeyHash: "h2")?.previousKeyHash == "h2")

        // Plan revisions on the delivery row and the offer.
        var delivery = Delivery(
            id: "d1", businessID: "b", pickup: GeoPoint(lat: 47, lon: 8), dropoff: GeoPoint(lat: 47.01, lon: 8),
            weightKg: 1, size: .small, createdAt: Self.t0)
        try await store.insertDelivery(delivery)
        delivery.planRevision = 3
        try await store.updateDelivery(delivery, change: nil)
        #expect(try await store.delivery(id: "d1")?.planRevision == 3)
        try await store.insertOffer(
            Offer(
                assignmentID: "a1", deliveryID: "d1", droneID: "x", commandID: "c1", offeredAt: Self.t0,
                etaPickup: Self.t0, etaDropoff: Self.t0, planRevision: 3))
        #expect(try await store.offer(assignmentID: "a1")?.planRevision == 3)

        // Airborne survives the round trip, unknown stays unknown.
        try await store.insertTelemetry([
            TelemetrySample(droneID: "x", time: Self.t0, lat: 1, lon: 2, alt: 3, airborne: true),
            TelemetrySample(
                droneID: "x", time: Self.t0.addingTimeInterval(10), lat: 1, lon: 2, alt: 3, airborne: false),
            TelemetrySample(droneID: "x", time: Self.t0.addingTimeInterval(20), lat: 1, lon: 2, alt: 3),
        ])
        let samples = try await store.telemetry(droneID: "x", from: .distantPast, to: .distantFuture)
        #expect(samples.map(\.airborne) == [true, false, nil])

        // Maintenance: insert, replace, list.
        #expect(try await store.droneMaintenance(droneID: "x") == nil)
        let out = DroneMaintenance(
            droneID: "x", outOfService: .init(reason: "motor", since: Self.t0), lastServiceAt: Self.t0,
            lastServiceNote: "props")
        try await store.saveDroneMaintenance(out)
        #expect(try await store.droneMaintenance(droneID: "x") == out)
        try await store.saveDroneMaintenance(DroneMaintenance(droneID: "x", lastServiceAt: Self.t0))
        try await store.saveDroneMaintenance(DroneMaintenance(droneID: "a"))
        let records = try await store.droneMaintenanceRecords()
        #expect(records.map(\.droneID) == ["a", "x"])
        #expect(records.last?.outOfService == nil && records.last?.lastServiceNote == nil)
    }
}
