import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP

/// `GET /v1/depots/{depotId}/swaps` over a real SQLite store: the swap depot's orders, open ones first by
/// when they are needed, in the documented shape; a charge depot lists none; an unknown depot is a 404.
/// `GET /v1/depots/{depotId}/swaps/stream`, read by curl: pushed when a change is announced on the swap
/// signal (what the scheduler leader does after writing), read once per depot for all its streams, and
/// caught by the safety re-read when the announcement never came.
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

    /// An API whose swap streams wake on `signal`; the safety re-read every `resync` (600 s: never
    /// within a test, so what arrives came through the signal).
    static func api(_ h: APIHarness, signal: SwapOrderSignal, resync: Duration = .seconds(600)) -> GroundAPI {
        var api = h.api
        api.depots = [swapDepot]
        api.swapFanout = DepotSwapFanout(store: h.store, signal: signal, heartbeat: api.heartbeat, resync: resync)
        return api
    }

    /// The `swaps` events of an SSE text: each list's order states, in order.
    static func lists(_ text: String) -> [[String]] {
        text.components(separatedBy: "\n\n").filter { $0.hasPrefix("event: swaps\n") }.flatMap {
            GroundStation.events(in: $0)
        }.map { (($0["swaps"] as? [[String: Any]]) ?? []).map { ($0["state"] as? String) ?? "-" } }
    }

    static let t0 = Date(timeIntervalSince1970: 1_900_000_000)
    static let order = SwapOrder(
        id: "swp_1", droneID: "drone-1", depotID: "depot-1", deliveryID: "dlv_a",
        neededBy: t0.addingTimeInterval(120), state: .waiting, batteryPercent: 50, createdAt: t0, updatedAt: t0)

    static func moved(_ state: SwapOrder.State, after seconds: Double) -> SwapOrder {
        var moved = order
        moved.state = state
        moved.updatedAt = t0.addingTimeInterval(seconds)
        return moved
    }

    /// Two streams of one depot get the list at once, then each change the leader announces, read once
    /// for both; an announcement that changed nothing sends nothing; heartbeats fill quiet time.
    @Test func streamsGetTheListThenEachAnnouncedChangeReadOnceForAll() async throws {
        let h = try await APIHarness(heartbeat: .milliseconds(300))
        defer { h.dir.remove() }
        try await h.store.saveSwapOrders([Self.order], deleting: [])
        let signal = SwapOrderSignal()
        let api = Self.api(h, signal: signal)
        let depot1 = SwapOrderChange(depotIDs: ["depot-1"])
        try await Application(router: api.makeRouter()).test(.live) { client in
            try await client.execute(
                uri: "/v1/depots/nope/swaps/stream", method: .get, headers: APIHarness.auth(APIHarness.operatorKey)
            ) { response in
                #expect(response.status == .notFound)
            }
            let url = "http://127.0.0.1:\(try #require(client.port))/v1/depots/depot-1/swaps/stream"
            // One after the other: a stream joining while the other's first read runs wakes the feed once
            // more, and that read could land after `before` below.
            var streams: [ChildProcess] = []
            for name in ["a", "b"] {
                let sse = try await SSECurl.start(
                    url, bearer: APIHarness.operatorKey, logFile: h.dir.file("swaps-\(name).sse"),
                    maxTime: .seconds(120))
                streams.append(sse)
                try await waitUntil("the first list") { Self.lists(sse.log()) == [["waiting"]] }
            }
            #expect(await api.swapFanout.streamCount(depotID: "depot-1") == 2)
            for (step, state) in [SwapOrder.State.due, .swapping].enumerated() {
                let before = await api.swapFanout.reads
                try await h.store.saveSwapOrders([Self.moved(state, after: Double(10 * (step + 1)))], deleting: [])
                await signal.announce(depot1)
                for sse in streams {
                    try await waitUntil("\(state) on every stream", timeout: .seconds(5)) {
                        Self.lists(sse.log()).last == [state.rawValue]
                    }
                }
                // One read for both streams.
                #expect(await api.swapFanout.reads == before + 1)
            }
            // Announced, read, unchanged: nothing sent.
            let before = await api.swapFanout.reads
            await signal.announce(depot1)
            await signal.announce(SwapOrderChange(depotIDs: ["depot-2"]))
            try await waitUntil("the re-read") { await api.swapFanout.reads == before + 1 }
            try await Task.sleep(for: TestPace.scaled(.milliseconds(500)))
            #expect(await api.swapFanout.reads == before + 1)
            for sse in streams {
                try await waitUntil("a heartbeat after the last change", timeout: .seconds(5)) {
                    let text = sse.log()
                    guard let swapping = text.range(of: "\"state\":\"swapping\"") else { return false }
                    return text[swapping.upperBound...].contains(": heartbeat\n\n")
                }
                await sse.terminate()
                #expect(Self.lists(sse.log()) == [["waiting"], ["due"], ["swapping"]])
            }
            try await waitUntil("both streams gone") { await api.swapFanout.streamCount(depotID: "depot-1") == 0 }
        }
    }

    /// A stream opened after a change starts with the list as it is now.
    @Test func aStreamOpenedAfterAChangeStartsWithTheCurrentList() async throws {
        let h = try await APIHarness(heartbeat: .milliseconds(300))
        defer { h.dir.remove() }
        try await h.store.saveSwapOrders([Self.order], deleting: [])
        let signal = SwapOrderSignal()
        let api = Self.api(h, signal: signal)
        try await h.store.saveSwapOrders([Self.moved(.due, after: 10)], deleting: [])
        await signal.announce(SwapOrderChange(depotIDs: ["depot-1"]))
        try await Application(router: api.makeRouter()).test(.live) { client in
            let sse = try await SSECurl.start(
                "http://127.0.0.1:\(try #require(client.port))/v1/depots/depot-1/swaps/stream",
                bearer: APIHarness.operatorKey, logFile: h.dir.file("swaps.sse"), maxTime: .seconds(120))
            try await waitUntil("the first list") { !Self.lists(sse.log()).isEmpty }
            try await waitUntil("a heartbeat") { sse.log().contains(": heartbeat\n\n") }
            await sse.terminate()
            #expect(Self.lists(sse.log()) == [["due"]])
        }
    }

    /// A change whose announcement never came (a relay message lost) still arrives, with the safety re-read.
    @Test func anUnannouncedChangeArrivesWithTheSafetyReRead() async throws {
        let h = try await APIHarness(heartbeat: .milliseconds(300))
        defer { h.dir.remove() }
        try await h.store.saveSwapOrders([Self.order], deleting: [])
        let api = Self.api(h, signal: SwapOrderSignal(), resync: .seconds(1))
        try await Application(router: api.makeRouter()).test(.live) { client in
            let sse = try await SSECurl.start(
                "http://127.0.0.1:\(try #require(client.port))/v1/depots/depot-1/swaps/stream",
                bearer: APIHarness.operatorKey, logFile: h.dir.file("swaps.sse"), maxTime: .seconds(120))
            try await waitUntil("the first list") { Self.lists(sse.log()) == [["waiting"]] }
            try await h.store.saveSwapOrders([Self.moved(.due, after: 10)], deleting: [])
            try await waitUntil("the change, unannounced", timeout: .seconds(10)) {
                Self.lists(sse.log()) == [["waiting"], ["due"]]
            }
            await sse.terminate()
        }
    }

    /// A list the store could not read is read again after the retry (1 s), not at the next heartbeat (8 s)
    /// or safety re-read (600 s): the stream's first list arrives once the store answers again, before any
    /// heartbeat. The failure is real: the table is renamed away under the store, then back.
    @Test func aFailedReadIsRetriedBeforeTheNextHeartbeat() async throws {
        let h = try await APIHarness(heartbeat: .seconds(8))
        defer { h.dir.remove() }
        try await h.store.saveSwapOrders([Self.order], deleting: [])
        _ = try h.sqlite("ALTER TABLE swap_orders RENAME TO swap_orders_away")
        let signal = SwapOrderSignal()
        var api = h.api
        api.depots = [Self.swapDepot]
        api.swapFanout = DepotSwapFanout(store: h.store, signal: signal, heartbeat: .seconds(8), resync: .seconds(600))
        let fanout = api.swapFanout
        try await Application(router: api.makeRouter()).test(.live) { client in
            let sse = try await SSECurl.start(
                "http://127.0.0.1:\(try #require(client.port))/v1/depots/depot-1/swaps/stream",
                bearer: APIHarness.operatorKey, logFile: h.dir.file("swaps.sse"), maxTime: .seconds(120))
            try await waitUntil("the stream open") { await fanout.streamCount(depotID: "depot-1") == 1 }
            // The first read fails while the table is away; nothing is sent.
            try await Task.sleep(for: .milliseconds(300))
            #expect(Self.lists(sse.log()).isEmpty)
            #expect(await fanout.reads == 0)
            _ = try h.sqlite("ALTER TABLE swap_orders_away RENAME TO swap_orders")
            try await waitUntil("the list after the retry", timeout: TestPace.scaled(.seconds(20))) {
                Self.lists(sse.log()) == [["waiting"]]
            }
            let log = sse.log()
            let list = try #require(log.range(of: "event: swaps\n"))
            #expect(!log[..<list.lowerBound].contains(": heartbeat"))
            await sse.terminate()
        }
    }
}
