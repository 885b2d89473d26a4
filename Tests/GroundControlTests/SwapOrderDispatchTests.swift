import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundLink

/// The leader's rounds keep the swap depots' lists (real broker, real ingest, real SQLite): a drone landed
/// low at the swap depot is due, swapping while its telemetry says so, done when the pack reports full;
/// a drone landed low at the charge depot gets no order. Each write is announced on the swap signal.
@Suite("Swap orders from the dispatcher", .timeLimit(TestPace.timeLimit(minutes: 1)))
struct SwapOrderDispatchTests {
    static let swapSite = GeoPoint(lat: 47.3769, lon: 8.5417)
    static let chargeSite = swapSite.moved(east: 2_000, north: 0)

    @Test func aDroneLandedLowAtTheSwapDepotIsDueThenSwappingThenDone() async throws {
        let depots = [
            Depot(
                depotID: "swap-1", lat: Self.swapSite.lat, lon: Self.swapSite.lon, pads: 2, chargePowerW: 400,
                swapSeconds: 60, mode: .swap),
            Depot(
                depotID: "charge-1", lat: Self.chargeSite.lat, lon: Self.chargeSite.lon, pads: 2, chargePowerW: 400,
                swapSeconds: 60, mode: .charge),
        ]
        let h = try await IngestHarness(
            dispatcher: DispatcherConfiguration(
                roundInterval: TestPace.scaled(.milliseconds(300)), replyTimeout: TestPace.scaled(.seconds(2)),
                requestWait: TestPace.scaled(.seconds(2)), planner: DayPlanner(depots: depots)))
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        // What the depot swap streams wake on.
        let announced = await h.swaps.changes()
        let onPad = Self.swapSite.moved(east: 4, north: 4)
        let atCharger = Self.chargeSite.moved(east: 4, north: 0)
        try await h.peer.online("s1", at: onPad)
        try await h.peer.online("c1", at: atCharger)
        try await h.peer.telemetry("s1", at: onPad, battery: 40)
        try await h.peer.telemetry("c1", at: atCharger, battery: 30, chargeState: .charging)

        func orders() async throws -> [SwapOrder] { try await h.store.swapOrders() }
        try await waitUntil("s1's swap is due") { try await orders().first?.state == .due }
        let due = try #require(try await orders().first)
        #expect(due.droneID == "s1" && due.depotID == "swap-1" && due.batteryPercent == 40)
        // The write was announced, for the swap depot only.
        var announcements = announced.makeAsyncIterator()
        #expect(await announcements.next() == SwapOrderChange(depotIDs: ["swap-1"]))

        try await h.peer.telemetry("s1", at: onPad, battery: 40, chargeState: .swapping)
        try await waitUntil("s1 swapping") { try await orders().first?.state == .swapping }
        try await h.peer.telemetry("s1", at: onPad, battery: 100, chargeState: .full)
        try await waitUntil("s1's swap done") { try await orders().first?.state == .done }
        // One order for the one swap, kept as done; the charge depot's drone never got one.
        try await h.peer.telemetry("c1", at: atCharger, battery: 35, chargeState: .charging)
        try await Task.sleep(for: TestPace.scaled(.seconds(1)))
        let all = try await orders()
        #expect(all.map(\.id) == [due.id])
        #expect(all.allSatisfy { $0.depotID == "swap-1" })
    }
}
