import FleetProtocol
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP

@Suite("HTTP API")
struct APITests {
    @Test func registersBusinessAndStoresOnlyTheKeyHash() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            try await client.execute(uri: "/v1/businesses", method: .post, body: APIHarness.json(["name": "Bakery"])) {
                response in
                #expect(response.status == .created)
                let body = APIHarness.object(response)
                let key = try #require(body["apiKey"] as? String)
                #expect(key.hasPrefix("sr_live_"))
                #expect(key.count == "sr_live_".count + 43)
                let stored = try #require(try await h.store.business(id: body["id"] as? String ?? ""))
                #expect(stored.apiKeyHash == APIKey.hash(key))
                #expect(stored.apiKeyHash != key)
            }
            try await client.execute(uri: "/v1/businesses", method: .post, body: APIHarness.json(["name": "  "])) {
                response in
                #expect(response.status == .unprocessableContent)
                #expect(APIHarness.errorField(response) == "name")
            }
        }
    }

    @Test func createsScheduledDeliveryWithETAs() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key),
                body: APIHarness.body(APIHarness.validDelivery)
            ) { response in
                #expect(response.status == .created)
                let body = APIHarness.object(response)
                #expect(body["status"] as? String == "scheduled")
                #expect(body["droneId"] as? String == "drone-1")
                let eta = try #require(body["eta"] as? [String: Any])
                #expect(eta["dropoff"] as? String == APIHarness.etaDropoff.formatted(.iso8601))
                #expect(
                    (body["initialEta"] as? [String: Any])?["pickup"] as? String
                        == APIHarness.etaPickup.formatted(.iso8601))
                #expect(response.headers[.location] == "/v1/deliveries/\(body["id"] as? String ?? "")")
            }
        }
        #expect(await h.dispatcher.dispatched.count == 1)
    }

    @Test func queuesDeliveryWithReasonWhenNoDroneFits() async throws {
        let h = try await APIHarness(decision: .queued(reason: "no drone with enough battery"))
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key),
                body: APIHarness.body(APIHarness.validDelivery)
            ) { response in
                #expect(response.status == .accepted)
                let body = APIHarness.object(response)
                #expect(body["status"] as? String == "requested")
                #expect(body["reason"] as? String == "no drone with enough battery")
            }
        }
    }

    static let p = #""pickup":{"lat":1.0,"lon":1.0}"#
    static let d = #""dropoff":{"lat":1.01,"lon":1.0}"#
    static let invalidBodies: [(String, String, Int, String)] = [
        ("missing pickup", #"{"dropoff":{"lat":1,"lon":1},"weightKg":1,"size":"small"}"#, 400, "pickup"),
        ("string weight", "{\(p),\(d),\"weightKg\":\"heavy\",\"size\":\"small\"}", 400, "weightKg"),
        ("bad size", "{\(p),\(d),\"weightKg\":1,\"size\":\"huge\"}", 400, "size"),
        (
            "lat 91", #"{"pickup":{"lat":91,"lon":1},"dropoff":{"lat":1,"lon":1},"weightKg":1,"size":"small"}"#, 422,
            "pickup"
        ),
        (
            "nested lon missing", #"{"pickup":{"lat":1,"lon":1},"dropoff":{"lat":1.01},"weightKg":1,"size":"small"}"#,
            400, "dropoff.lon"
        ),
        ("too heavy", "{\(p),\(d),\"weightKg\":9,\"size\":\"small\"}", 422, "weightKg"),
        ("zero weight", "{\(p),\(d),\"weightKg\":0,\"size\":\"small\"}", 422, "weightKg"),
        (
            "window reversed",
            "{\(p),\(d),\"weightKg\":1,\"size\":\"small\",\"window\":{\"start\":\"2030-01-01T10:00:00Z\",\"end\":\"2030-01-01T09:00:00Z\"}}",
            422, "window.end"
        ),
        (
            "window in the past",
            "{\(p),\(d),\"weightKg\":1,\"size\":\"small\",\"window\":{\"start\":\"2020-01-01T10:00:00Z\",\"end\":\"2020-01-01T11:00:00Z\"}}",
            422, "window.end"
        ),
        (
            "deadline in the past",
            "{\(p),\(d),\"weightKg\":1,\"size\":\"small\",\"deadline\":\"2020-01-01T10:00:00Z\"}", 422, "deadline"
        ),
        (
            "deadline before the window",
            "{\(p),\(d),\"weightKg\":1,\"size\":\"small\",\"window\":{\"start\":\"2030-01-01T10:00:00Z\",\"end\":\"2030-01-01T10:30:00Z\"},\"deadline\":\"2030-01-01T09:00:00Z\"}",
            422, "deadline"
        ),
        (
            // 1.1 km cannot be flown in 30 s.
            "deadline before the earliest dropoff",
            "{\(p),\(d),\"weightKg\":1,\"size\":\"small\",\"window\":{\"start\":\"2030-01-01T10:00:00Z\",\"end\":\"2030-01-01T10:30:00Z\"},\"deadline\":\"2030-01-01T10:00:30Z\"}",
            422, "deadline"
        ),
        ("unknown priority", "{\(p),\(d),\"weightKg\":1,\"size\":\"small\",\"priority\":\"urgent\"}", 400, "priority"),
    ]

    @Test(arguments: invalidBodies)
    func rejectsInvalidDeliveryNamingTheField(_ name: String, _ body: String, _ status: Int, _ field: String)
        async throws
    {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key), body: APIHarness.body(body)
            ) { response in
                #expect(response.status.code == status, "\(name)")
                #expect(APIHarness.errorField(response) == field, "\(name)")
                #expect(APIHarness.errorCode(response) != nil)
            }
        }
        #expect(await h.dispatcher.dispatched.isEmpty)
    }

    @Test func refusesOutsideServiceAreaMalformedJSONAndHugeBodies() async throws {
        let square = ServiceArea(
            try Geofence(vertices: [
                GeoPoint(lat: 47.0, lon: 8.0), GeoPoint(lat: 47.0, lon: 9.0), GeoPoint(lat: 48.0, lon: 9.0),
                GeoPoint(lat: 48.0, lon: 8.0),
            ]))
        let h = try await APIHarness(serviceArea: square)
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            let outside = APIHarness.validDelivery.replacingOccurrences(
                of: #""dropoff":{"lat":47.39"#, with: #""dropoff":{"lat":46.5"#)
            try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key), body: APIHarness.body(outside)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(APIHarness.errorField(response) == "dropoff")
                #expect(APIHarness.errorCode(response) == "outside_service_area")
            }
            try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key),
                body: ByteBuffer(string: "{\"pickup\":")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(APIHarness.errorCode(response) == "malformed_json")
            }
            let huge = ByteBuffer(string: "{\"name\":\"" + String(repeating: "x", count: 70_000) + "\"}")
            try await client.execute(uri: "/v1/businesses", method: .post, body: huge) { response in
                #expect(response.status == .contentTooLarge)
                #expect(APIHarness.errorCode(response) == "body_too_large")
            }
            try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key),
                body: APIHarness.body(APIHarness.validDelivery)
            ) { response in
                #expect(response.status == .created)
            }
        }
    }

    @Test func listsWithFiltersAndPagination() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            var ids: [String] = []
            for _ in 0..<5 { ids.append(try await APIHarness.book(client, key: key)) }
            try await client.execute(
                uri: "/v1/deliveries/\(ids[0])/cancel", method: .post, headers: APIHarness.auth(key)
            ) { _ in }

            var seen: [String] = []
            var uri = "/v1/deliveries?limit=2"
            while true {
                let (items, next) = try await client.execute(uri: uri, method: .get, headers: APIHarness.auth(key)) {
                    response in
                    #expect(response.status == .ok)
                    let body = APIHarness.object(response)
                    return (
                        (body["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String },
                        body["nextCursor"] as? String
                    )
                }
                seen += items
                guard let next else { break }
                uri = "/v1/deliveries?limit=2&cursor=\(next)"
            }
            #expect(seen == ids)
            try await client.execute(
                uri: "/v1/deliveries?status=cancelled", method: .get, headers: APIHarness.auth(key)
            ) { response in
                let items = APIHarness.object(response)["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["id"] as? String } == [ids[0]])
            }
            try await client.execute(
                uri: "/v1/deliveries?status=scheduled,cancelled&from=2000-01-01T00:00:00Z", method: .get,
                headers: APIHarness.auth(key)
            ) { response in
                #expect((APIHarness.object(response)["items"] as? [Any])?.count == 5)
            }
            try await client.execute(
                uri: "/v1/deliveries?to=2000-01-01T00:00:00Z", method: .get, headers: APIHarness.auth(key)
            ) { response in
                #expect((APIHarness.object(response)["items"] as? [Any])?.isEmpty == true)
            }
            for (query, field) in [
                ("status=flying", "status"), ("limit=0", "limit"), ("limit=abc", "limit"), ("from=yesterday", "from"),
                ("cursor=%%%", "cursor"),
            ] {
                try await client.execute(uri: "/v1/deliveries?\(query)", method: .get, headers: APIHarness.auth(key)) {
                    response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(APIHarness.errorField(response) == field, "\(query)")
                }
            }
        }
    }

    @Test func cancelTellsTheDroneAndRefusesIllegalTransitions() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            let id = try await APIHarness.book(client, key: key)
            try await client.execute(uri: "/v1/deliveries/\(id)/cancel", method: .post, headers: APIHarness.auth(key)) {
                response in
                #expect(response.status == .ok)
                #expect(APIHarness.object(response)["status"] as? String == "cancelled")
            }
            try await client.execute(uri: "/v1/deliveries/\(id)/cancel", method: .post, headers: APIHarness.auth(key)) {
                response in
                #expect(response.status == .conflict)
                #expect(APIHarness.errorCode(response) == "illegal_transition")
            }
            // In flight: a business cannot cancel, the operator can fail it.
            let second = try await APIHarness.book(client, key: key)
            try await h.api.deliveries.apply(
                DroneProgress(
                    droneID: "drone-1", deliveryID: second, assignmentID: "asg-1", phase: .enRouteToDropoff,
                    time: Date()))
            try await client.execute(
                uri: "/v1/deliveries/\(second)/cancel", method: .post, headers: APIHarness.auth(key)
            ) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(
                uri: "/v1/deliveries/\(second)/override", method: .post,
                headers: APIHarness.auth(APIHarness.operatorKey),
                body: APIHarness.json(["action": "fail", "reason": "weather"])
            ) { response in
                #expect(response.status == .ok)
                #expect(APIHarness.object(response)["status"] as? String == "failed")
                #expect(APIHarness.object(response)["reason"] as? String == "weather")
            }
            try await client.execute(
                uri: "/v1/deliveries/\(second)/override", method: .post,
                headers: APIHarness.auth(APIHarness.operatorKey),
                body: APIHarness.json(["action": "explode"])
            ) { response in
                #expect(response.status == .badRequest)
                #expect(APIHarness.errorField(response) == "action")
            }
            // Manual dispatch needs a drone, and one the fleet knows.
            try await client.execute(
                uri: "/v1/deliveries/\(second)/override", method: .post,
                headers: APIHarness.auth(APIHarness.operatorKey),
                body: APIHarness.json(["action": "assign"])
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect(APIHarness.errorField(response) == "droneId")
            }
            try await client.execute(
                uri: "/v1/deliveries/\(second)/override", method: .post,
                headers: APIHarness.auth(APIHarness.operatorKey),
                body: APIHarness.json(["action": "assign", "droneId": "ghost"])
            ) { response in
                #expect(response.status == .notFound)
                #expect(APIHarness.errorField(response) == "droneId")
            }
            let history = try await h.store.history(deliveryID: second).map(\.to)
            #expect(history == [.requested, .scheduled, .inTransit, .failed])
        }
        #expect(await h.dispatcher.cancelled.count == 2)
    }

    @Test func operatorReassignDispatchesAgainAndRemembersTheDrone() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            let id = try await APIHarness.book(client, key: key)
            await h.dispatcher.setDecision(
                .scheduled(
                    droneID: "drone-2", assignmentID: "asg-2", etaPickup: APIHarness.etaPickup,
                    etaDropoff: APIHarness.etaDropoff.addingTimeInterval(60)))
            try await client.execute(
                uri: "/v1/deliveries/\(id)/override", method: .post, headers: APIHarness.auth(APIHarness.operatorKey),
                body: APIHarness.json(["action": "reassign"])
            ) { response in
                #expect(response.status == .ok)
                let body = APIHarness.object(response)
                #expect(body["droneId"] as? String == "drone-2")
                #expect(body["status"] as? String == "scheduled")
                // The first promise is kept for ETA-error analytics.
                #expect(
                    (body["initialEta"] as? [String: Any])?["dropoff"] as? String
                        == APIHarness.etaDropoff.formatted(.iso8601))
            }
            #expect(try await h.store.delivery(id: id)?.rejectedBy == ["drone-1"])
        }
        #expect(await h.dispatcher.dispatched.count == 2)
        #expect(await h.dispatcher.cancelled.count == 1)
    }

    @Test func fleetRoutesReadTheRegistryAndSendCommands() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let op = APIHarness.auth(APIHarness.operatorKey)
        try await h.app().test(.router) { client in
            try await client.execute(uri: "/v1/fleet", method: .get, headers: op) { response in
                #expect(response.status == .ok)
                let drones = APIHarness.object(response)["drones"] as? [[String: Any]] ?? []
                #expect(drones.map { $0["droneID"] as? String } == ["drone-1"])
                #expect(drones.first?["batteryPercent"] as? Double == 88)
            }
            try await client.execute(uri: "/v1/fleet/drone-1", method: .get, headers: op) { response in
                #expect(APIHarness.object(response)["online"] as? Bool == true)
            }
            try await client.execute(uri: "/v1/fleet/ghost", method: .get, headers: op) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/fleet/drone-1/recall", method: .post, headers: op) { response in
                #expect(response.status == .accepted)
                #expect(APIHarness.object(response)["command"] as? String == "recall")
            }
            try await client.execute(uri: "/v1/fleet/drone-1/land", method: .post, headers: op) { response in
                #expect(response.status == .accepted)
            }
            try await client.execute(uri: "/v1/fleet/ghost/land", method: .post, headers: op) { response in
                #expect(response.status == .notFound)
            }
        }
        #expect(await h.dispatcher.commands == ["recall:drone-1", "land-now:drone-1"])
    }

    @Test func analyticsAsJSONAndCSVAndMetricsCountRequests() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let op = APIHarness.auth(APIHarness.operatorKey)
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            let id = try await APIHarness.book(client, key: key)
            try await client.execute(uri: "/v1/analytics", method: .get, headers: op) { response in
                #expect(response.status == .ok)
                let report = APIHarness.object(response)
                #expect(report["totalDeliveries"] as? Int == 1)
                #expect(report["deliveredCount"] as? Int == 0)
                #expect(report["deliveriesPerDay"] as? [Any] != nil)
                #expect(report["onTimeToleranceSeconds"] as? Double == 60)
            }
            try await client.execute(uri: "/v1/analytics?format=csv", method: .get, headers: op) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                let lines = String(buffer: response.body).split(separator: "\r\n")
                #expect(lines.first == "section,key,value")
                #expect(lines.contains("summary,totalDeliveries,1"))
            }
            try await client.execute(uri: "/v1/analytics/deliveries", method: .get, headers: op) { response in
                #expect(response.status == .ok)
                let rows = APIHarness.object(response)["rows"] as? [[String: Any]] ?? []
                #expect(rows.first?["deliveryId"] as? String == id)
                #expect(rows.first?["droneId"] as? String == "drone-1")
            }
            try await client.execute(uri: "/v1/analytics/deliveries?format=csv", method: .get, headers: op) {
                response in
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                let lines = String(buffer: response.body).split(separator: "\r\n")
                #expect(lines.first?.hasPrefix("deliveryId,businessId,droneId,status") == true)
                #expect(lines.count == 2)
                #expect(lines.last?.hasPrefix("\(id),") == true)
            }
            try await client.execute(uri: "/v1/analytics?format=xml", method: .get, headers: op) { response in
                #expect(response.status == .badRequest)
                #expect(APIHarness.errorField(response) == "format")
            }
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(APIHarness.object(response)["status"] as? String == "ok")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(
                    text.contains(#"skyrelay_http_requests_total{method="POST",route="/v1/deliveries",status="201"} 1"#)
                )
                #expect(text.contains(#"skyrelay_delivery_requests_total{outcome="scheduled"} 1"#))
                #expect(text.contains(#"route="/v1/analytics",status="400""#))
            }
        }
    }
}
