import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// The path an assignment is flown on (migration `v13-routes`), on both stores: stored with the offer,
/// replaced by an accepted re-route, read back for the flights a new leader did not assign.
@Suite("Offer routes")
struct OfferRouteStoreTests {
    @Test(arguments: StoreBackend.allCases)
    func routesAreStoredWithTheOfferAndReplacedByAReroute(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        try await store.insertBusiness(StoreTests.business())
        try await store.insertDelivery(StoreTests.delivery("d1"))
        try await store.insertDelivery(StoreTests.delivery("d2"))
        let sent = Assignment.Route(
            toPickup: [GeoPoint(lat: 47.11, lon: 8.51), GeoPoint(lat: 47.12, lon: 8.52)],
            toHome: [GeoPoint(lat: 47.13, lon: 8.49)])
        func offer(_ id: String, _ delivery: String, route: Assignment.Route?) -> Offer {
            Offer(
                assignmentID: id, deliveryID: delivery, droneID: "q1", commandID: "c-\(id)", offeredAt: StoreTests.t0,
                etaPickup: StoreTests.t0, etaDropoff: StoreTests.t0, route: route)
        }
        try await store.insertOffer(offer("a1", "d1", route: sent))
        try await store.insertOffer(offer("a2", "d2", route: nil))
        #expect(try await store.offer(assignmentID: "a1")?.route == sent)
        #expect(try await store.offer(assignmentID: "a2")?.route == nil)
        #expect(try await store.offerRoutes(assignmentIDs: ["a1", "a2", "unknown"]) == ["a1": sent])
        #expect(try await store.offerRoutes(assignmentIDs: []) == [:])

        let rerouted = Assignment.Route(toPickup: [GeoPoint(lat: 47.105, lon: 8.53)])
        try await store.updateOfferRoute(assignmentID: "a2", route: rerouted)
        #expect(try await store.offerRoutes(assignmentIDs: ["a1", "a2"]) == ["a1": sent, "a2": rerouted])
        await fixture.close()
    }
}
