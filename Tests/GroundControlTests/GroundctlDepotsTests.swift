import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// `groundctl depots swaps DEPOT` against a live ground-control started with a depots file (real
/// binaries, real SQLite file). The orders are written by a second store on the same file, as the
/// scheduler leader of another instance writes them.
@Suite("groundctl depots against a live ground-control")
struct GroundctlDepotsTests {
    @Test func listsASwapDepotsOrdersAndSaysAChargeDepotHasNone() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let depots = dir.file("depots.json")
        try Data(
            #"""
            {"depots":[
              {"depotId":"north","lat":47.37,"lon":8.54,"pads":4,"chargePowerW":400,"swapSeconds":60,"mode":"swap"},
              {"depotId":"south","lat":47.36,"lon":8.53,"pads":2,"chargePowerW":400,"swapSeconds":60,"mode":"charge"}
            ]}
            """#.utf8
        ).write(to: depots)
        let station = try await GroundctlTests.start(dir: dir, arguments: ["--depots-file", depots.path])
        defer { Task { await station.process.terminate() } }
        let op = ["--key", GroundctlTests.operatorKey]
        #expect(try ChildProcess.run(station.ctl, ["--help"]).contains("depots"))

        let store: any GroundStore = try SQLiteGroundStore(path: dir.sqlitePath("ground"))
        let now = Date()
        try await store.saveSwapOrders(
            [
                SwapOrder(
                    id: "swp_one", droneID: "drone-7", depotID: "north", deliveryID: "dlv_next",
                    neededBy: now.addingTimeInterval(90), state: .due, batteryPercent: 31.6, createdAt: now,
                    updatedAt: now)
            ], deleting: [])

        let table = try station.run(["depots", "swaps", "north"] + op)
        #expect(table.hasPrefix("SWAP"))
        #expect(table.contains("swp_one") && table.contains("drone-7") && table.contains("due"))
        #expect(table.contains("dlv_next") && table.contains("32"))
        let json = try GroundctlNotifyTests.json(try station.run(["depots", "swaps", "north", "--json"] + op))
        #expect((json["swaps"] as? [[String: Any]])?.first?["droneId"] as? String == "drone-7")
        #expect(try station.run(["depots", "swaps", "south"] + op).contains("no swaps to do"))
        #expect(try station.fail(["depots", "swaps", "west"] + op).contains("HTTP 404"))
    }
}
