import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// The swap depots' work lists (migration `v15-swaps`) on both stores: inserted, moved on by id,
/// listed per depot oldest first, and deleted once expired, all in one save.
@Suite("Swap order storage")
struct SwapOrderStoreTests {
    @Test(arguments: StoreBackend.allCases)
    func ordersAreUpsertedListedPerDepotAndDeleted(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        let t0 = StoreTests.t0
        var first = SwapOrder(
            id: "swp_1", droneID: "q1", depotID: "north", deliveryID: "dlv_1", neededBy: t0.addingTimeInterval(120),
            state: .waiting, batteryPercent: 41.5, createdAt: t0, updatedAt: t0)
        let second = SwapOrder(
            id: "swp_2", droneID: "q2", depotID: "north", state: .due, batteryPercent: 70,
            createdAt: t0.addingTimeInterval(1), updatedAt: t0.addingTimeInterval(1))
        let elsewhere = SwapOrder(
            id: "swp_3", droneID: "q3", depotID: "south", state: .done, createdAt: t0, updatedAt: t0)
        try await store.saveSwapOrders([second, first, elsewhere], deleting: [])
        #expect(try await store.swapOrders(depotID: "north") == [first, second])
        #expect(try await store.swapOrders().map(\.id) == ["swp_1", "swp_3", "swp_2"])

        first.state = .due
        first.deliveryID = nil
        first.neededBy = nil
        first.updatedAt = t0.addingTimeInterval(30)
        try await store.saveSwapOrders([first], deleting: ["swp_3"])
        #expect(try await store.swapOrders(depotID: "north") == [first, second])
        #expect(try await store.swapOrders(depotID: "south").isEmpty)
        try await store.saveSwapOrders([], deleting: [])
        await fixture.close()
    }
}
