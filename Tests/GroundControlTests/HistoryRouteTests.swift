import Foundation
import GroundAPIModel
import GroundCore
import GroundStore
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundControl

@Suite("History routes: a delivery's status changes and a drone's stored events")
struct HistoryRouteTests {
    @Test func deliveryHistoryListsEveryChangeForTheOwnerAndTheOperatorOnly() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let owner = try await APIHarness.register(client, name: "Owner")
            let other = try await APIHarness.register(client, name: "Other")
            let id = try await APIHarness.book(client, key: owner)
            try await client.execute(uri: "/v1/deliveries/\(id)/cancel", method: .post, headers: APIHarness.auth(owner))
            { response in
                #expect(response.status == .ok)
            }
            let stored = try await h.store.history(deliveryID: id)
            #expect(stored.count >= 2 && stored.last?.to == .cancelled, "\(stored)")
            for key in [owner, APIHarness.operatorKey] {
                try await client.execute(
                    uri: "/v1/deliveries/\(id)/history", method: .get, headers: APIHarness.auth(key)
                ) { response in
                    #expect(response.status == .ok)
                    let body = APIHarness.object(response)
                    #expect(body["deliveryId"] as? String == id)
                    let changes = try #require(body["changes"] as? [[String: Any]])
                    #expect(changes.map { $0["to"] as? String } == stored.map(\.to.rawValue))
                    #expect(changes.map { $0["from"] as? String } == stored.map { $0.from?.rawValue })
                    #expect(changes.last?["reason"] as? String == "cancelled by customer")
                    #expect(changes.allSatisfy { ($0["at"] as? String).flatMap(GroundJSON.parseDate) != nil })
                }
            }
            // Another business learns nothing, not even that the id exists.
            try await client.execute(uri: "/v1/deliveries/\(id)/history", method: .get, headers: APIHarness.auth(other))
            { response in
                #expect(response.status == .notFound)
                #expect(APIHarness.errorCode(response) == "not_found")
            }
            try await client.execute(uri: "/v1/deliveries/\(id)/history", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(
                uri: "/v1/deliveries/dlv_nope/history", method: .get, headers: APIHarness.auth(APIHarness.operatorKey)
            ) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func droneEventsArePagedByEventSeqWithTheLogExtent() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        for seq: Int64 in [1, 2, 3, 5] {
            try await h.store.recordEvent(
                DroneEventRecord(
                    droneID: "drone-1", eventSeq: seq, kind: "phase", receivedAt: t0.addingTimeInterval(Double(seq)),
                    payload: #"{"eventSeq":\#(seq)}"#))
        }
        try await h.store.recordEvent(
            DroneEventRecord(droneID: "drone-2", eventSeq: 1, kind: "phase", receivedAt: t0, payload: "{}"))
        let op = APIHarness.auth(APIHarness.operatorKey)
        try await h.app().test(.router) { client in
            try await client.execute(uri: "/v1/fleet/drone-1/events", method: .get, headers: op) { response in
                #expect(response.status == .ok)
                let body = APIHarness.object(response)
                #expect(body["droneId"] as? String == "drone-1")
                #expect(body["contiguousThrough"] as? Int == 3)
                #expect(body["storedAbove"] as? [Int] == [5])
                let events = try #require(body["events"] as? [[String: Any]])
                #expect(events.map { $0["eventSeq"] as? Int } == [1, 2, 3, 5])
                #expect(events.first?["kind"] as? String == "phase")
                #expect(events.first?["payload"] as? String == #"{"eventSeq":1}"#)
                #expect(events.first?["receivedAt"] as? String == t0.addingTimeInterval(1).formatted(.iso8601))
                #expect(body["nextAfter"] == nil)
            }
            try await client.execute(uri: "/v1/fleet/drone-1/events?limit=2", method: .get, headers: op) { response in
                let body = APIHarness.object(response)
                #expect((body["events"] as? [[String: Any]])?.map { $0["eventSeq"] as? Int } == [1, 2])
                #expect(body["nextAfter"] as? Int == 2)
            }
            try await client.execute(uri: "/v1/fleet/drone-1/events?after=2&limit=2", method: .get, headers: op) {
                response in
                let body = APIHarness.object(response)
                #expect((body["events"] as? [[String: Any]])?.map { $0["eventSeq"] as? Int } == [3, 5])
                #expect(body["nextAfter"] as? Int == 5)
            }
            try await client.execute(uri: "/v1/fleet/drone-1/events?after=5", method: .get, headers: op) { response in
                #expect((APIHarness.object(response)["events"] as? [Any])?.isEmpty == true)
            }
            // Neither live nor stored: 404 (a known drone without events gets an empty log, below).
            try await client.execute(uri: "/v1/fleet/nobody/events", method: .get, headers: op) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func droneEventsNeedTheOperatorKeyAndValidPaging() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let business = try await APIHarness.register(client, name: "Shop")
            try await client.execute(uri: "/v1/fleet/drone-1/events", method: .get, headers: APIHarness.auth(business))
            { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/fleet/drone-1/events", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            for (query, field) in [
                ("limit=0", "limit"), ("limit=1001", "limit"), ("limit=x", "limit"), ("after=-1", "after"),
                ("after=one", "after"),
            ] {
                try await client.execute(
                    uri: "/v1/fleet/drone-1/events?\(query)", method: .get,
                    headers: APIHarness.auth(APIHarness.operatorKey)
                ) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(APIHarness.errorField(response) == field, "\(query)")
                }
            }
            try await client.execute(
                uri: "/v1/fleet/drone-1/events", method: .get, headers: APIHarness.auth(APIHarness.operatorKey)
            ) { response in
                #expect(response.status == .ok)
                let body = APIHarness.object(response)
                #expect(body["contiguousThrough"] as? Int == 0)
                #expect((body["events"] as? [Any])?.isEmpty == true)
            }
        }
    }

    /// Both answers carry what docs/openapi.json says they must (the route list itself is OpenAPITests' job).
    @Test func answersHaveTheDocumentedRequiredFields() async throws {
        let schemas = try #require(
            (try OpenAPITests.document()["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        let requiredByName = schemas.mapValues { Set($0["required"] as? [String] ?? []) }
        @Sendable func required(_ name: String) -> Set<String> { requiredByName[name] ?? [] }
        #expect(!required("DroneEvents").isEmpty && !required("DeliveryHistory").isEmpty)
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.store.recordEvent(
            DroneEventRecord(droneID: "drone-1", eventSeq: 1, kind: "phase", receivedAt: Date(), payload: "{}"))
        let op = APIHarness.auth(APIHarness.operatorKey)
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            let id = try await APIHarness.book(client, key: key)
            try await client.execute(uri: "/v1/deliveries/\(id)/history", method: .get, headers: op) { response in
                let body = APIHarness.object(response)
                #expect(required("DeliveryHistory").isSubset(of: Set(body.keys)))
                let first = try #require((body["changes"] as? [[String: Any]])?.first)
                #expect(required("DeliveryHistoryEntry").isSubset(of: Set(first.keys)))
            }
            try await client.execute(uri: "/v1/fleet/drone-1/events", method: .get, headers: op) { response in
                let body = APIHarness.object(response)
                #expect(required("DroneEvents").isSubset(of: Set(body.keys)), "\(body.keys.sorted())")
                let first = try #require((body["events"] as? [[String: Any]])?.first)
                #expect(required("StoredEvent").isSubset(of: Set(first.keys)))
            }
        }
    }
}
