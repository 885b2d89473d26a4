import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP

/// `GET /v1/depots/{depotId}/swaps` over a real SQLite store: the swap depot's orders, open ones first by
/// when they are needed, in the documented shape; a charge depot lists none; an unknown depot is a 404.
@Suite("Depot swap lists over the API")
struct DepotSwapsAPITests {
    static let swapDepot = Depot(
        depotID: "depot-1", lat: 47.37, lon: 8.54, pads: 4, chargePowerW: 400, swapSeconds: 60, mode: .swap)
    static let chargeDepot = Depot(
        depotID: "depot-2", lat: 47.38, lon: 8.53, pads: 4, chargePowerW: 400, swapSeconds: 60, mode: .charge)

    @Test func listsTheDepotsOrdersOpenFirstInTheDocumentedShape() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let t0 = Date(timeIntervalSince1970: 1_900_000_000)
        let orders = [
            SwapOrder(
                id: "swp_done", droneID: "drone-9", depotID: "depot-1", state: .done, batteryPercent: 100,
                createdAt: t0, updatedAt: t0.addingTimeInterval(60)),
            SwapOrder(
                id: "swp_late", droneID: "drone-2", depotID: "depot-1", deliveryID: "dlv_b",
                neededBy: t0.addingTimeInterval(600), state: .waiting, batteryPercent: 45, createdAt: t0,
                updatedAt: t0),
            SwapOrder(
                id: "swp_soon", droneID: "drone-1", depotID: "depot-1", deliveryID: "dlv_a",
                neededBy: t0.addingTimeInterval(120), state: .due, batteryPercent: 30,
                createdAt: t0.addingTimeInterval(5), updatedAt: t0.addingTimeInterval(5)),
        ]
        try await h.store.saveSwapOrders(orders, deleting: [])
        // Written again with a change and a deletion, as the leader does after a round.
        var moved = orders[1]
        moved.state = .due
        moved.updatedAt = t0.addingTimeInterval(30)
        try await h.store.saveSwapOrders([moved], deleting: ["swp_none"])
        #expect(try await h.store.swapOrders().count == 3)
        #expect(try await h.store.swapOrders(depotID: "depot-2").isEmpty)

        var api = h.api
        api.depots = [Self.swapDepot, Self.chargeDepot]
        try await Application(router: api.makeRouter()).test(.router) { client in
            let doc = try OpenAPITests.document()
            let op = APIHarness.auth(APIHarness.operatorKey)
            let (status, body) = try await client.execute(uri: "/v1/depots/depot-1/swaps", method: .get, headers: op) {
                (Int($0.status.code), try JSONSerialization.jsonObject(with: Data($0.body.readableBytesView)))
            }
            #expect(status == 200)
            let object = try #require(body as? [String: Any])
            #expect(object["depotId"] as? String == "depot-1" && object["mode"] as? String == "swap")
            let swaps = try #require(object["swaps"] as? [[String: Any]])
            #expect(swaps.map { $0["id"] as? String } == ["swp_soon", "swp_late", "swp_done"])
            #expect(swaps.map { $0["state"] as? String } == ["due", "due", "done"])
            #expect(swaps.first?["droneId"] as? String == "drone-1" && swaps.first?["deliveryId"] as? String == "dlv_a")
            #expect(swaps.first?["neededBy"] as? String == "2030-03-17T17:48:40Z")
            let shape = try ResponseShapeTests.schema(doc, "get", "/v1/depots/{depotId}/swaps", 200)
            #expect(ResponseShapeTests.mismatches(body, shape, doc, at: "swaps").isEmpty)

            let charge = try await client.execute(uri: "/v1/depots/depot-2/swaps", method: .get, headers: op) {
                APIHarness.object($0)
            }
            #expect(charge["mode"] as? String == "charge" && (charge["swaps"] as? [Any])?.isEmpty == true)

            let (missing, error) = try await client.execute(uri: "/v1/depots/nope/swaps", method: .get, headers: op) {
                (Int($0.status.code), try JSONSerialization.jsonObject(with: Data($0.body.readableBytesView)))
            }
            #expect(missing == 404)
            #expect(((error as? [String: Any])?["error"] as? [String: Any])?["field"] as? String == "depotId")
            let errorShape = try ResponseShapeTests.schema(doc, "get", "/v1/depots/{depotId}/swaps", 404)
            #expect(ResponseShapeTests.mismatches(error, errorShape, doc, at: "404").isEmpty)
        }
    }

    /// The stream sends the list at once, then once per change (not per look), with heartbeats between.
    @Test func theStreamSendsTheListThenEachChange() async throws {
        let h = try await APIHarness(heartbeat: .milliseconds(300))
        defer { h.dir.remove() }
        let t0 = Date(timeIntervalSince1970: 1_900_000_000)
        let order = SwapOrder(
            id: "swp_1", droneID: "drone-1", depotID: "depot-1", deliveryID: "dlv_a",
            neededBy: t0.addingTimeInterval(120), state: .waiting, batteryPercent: 50, createdAt: t0, updatedAt: t0)
        try await h.store.saveSwapOrders([order], deleting: [])
        var api = h.api
        api.depots = [Self.swapDepot]
        api.swapStreamInterval = .milliseconds(50)
        try await Application(router: api.makeRouter()).test(.live) { client in
            try await client.execute(
                uri: "/v1/depots/nope/swaps/stream", method: .get,
                headers: APIHarness.auth(
                    APIHarness.operatorKey)
            ) { response in
                #expect(response.status == .notFound)
            }
            let port = try #require(client.port)
            let log = h.dir.file("swaps-stream.log")
            let curl = ChildProcess(
                executable: try ChildProcess.system("curl"),
                arguments: [
                    "-sN", "--max-time", "60", "-H", "Authorization: Bearer \(APIHarness.operatorKey)",
                    "http://127.0.0.1:\(port)/v1/depots/depot-1/swaps/stream",
                ],
                logFile: log)
            try await curl.start()
            try await waitUntil("first swaps event") {
                ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("event: swaps")
            }
            for (step, state) in [SwapOrder.State.due, .swapping].enumerated() {
                var moved = order
                moved.state = state
                moved.updatedAt = order.updatedAt.addingTimeInterval(Double(10 * (step + 1)))
                try await h.store.saveSwapOrders([moved], deleting: [])
                try await Task.sleep(for: .milliseconds(300))
            }
            // Each change is sent, then quiet time brings a heartbeat; the stream is read until both are in.
            try await waitUntil("the last change and a heartbeat after it", timeout: .seconds(20)) {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                guard let swapping = text.range(of: "\"state\":\"swapping\"") else { return false }
                return text[swapping.upperBound...].contains(": heartbeat\n\n")
            }
            await curl.terminate()
            let text = try String(contentsOf: log, encoding: .utf8)
            let frames = text.components(separatedBy: "\n\n").filter { $0.hasPrefix("event: swaps\n") }
            let states = frames.flatMap { GroundStation.events(in: $0) }.map {
                (($0["swaps"] as? [[String: Any]])?.first?["state"] as? String) ?? "-"
            }
            #expect(states == ["waiting", "due", "swapping"])
            #expect(text.contains(": heartbeat\n\n"))
        }
    }
}
