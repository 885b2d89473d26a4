import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP

@Suite("Authentication, roles and tenant isolation")
struct AuthTests {
    /// Who may call a protected route.
    enum Access {
        /// A business key (bookings belong to a business).
        case business
        /// The operator key.
        case `operator`
        /// Either; a business sees only its own deliveries.
        case either
    }

    struct ProtectedRoute: CustomStringConvertible {
        var method: HTTPRequest.Method
        /// The router's pattern, e.g. `/v1/deliveries/{id}`.
        var pattern: String
        var access: Access
        var body: String?

        var description: String { "\(method.rawValue) \(pattern)" }

        /// The request path for a concrete delivery, drone and webhook.
        func uri(delivery: String, drone: String = "drone-1", webhook: String = "wh_x") -> String {
            pattern.replacingOccurrences(of: "{id}", with: delivery).replacingOccurrences(of: "{droneId}", with: drone)
                .replacingOccurrences(of: "{zoneId}", with: "zone-1").replacingOccurrences(
                    of: "{holdId}", with: "hold-1"
                )
                .replacingOccurrences(of: "{webhookId}", with: webhook)
                .replacingOccurrences(of: "{alertId}", with: "alr_x")
                .replacingOccurrences(of: "{operatorId}", with: "op_x")
                .replacingOccurrences(of: "{depotId}", with: "depot-1")
        }

        /// Whether the path names one tenant's object (a delivery or a webhook).
        var namesTenantObject: Bool { pattern.contains("{id}") || pattern.contains("{webhookId}") }
    }

    /// Routes anyone may call.
    static let publicRoutes: Set<String> = [
        "GET /health", "GET /metrics", "POST /v1/businesses", "GET /v1/service-area",
    ]

    /// Every protected route, who may call it and a sample body. `everyRouteIsClassified` keeps this equal
    /// to the router's own route list, so a new route fails until it is classified here, and from then on
    /// the 401, 403 and tenant sweeps below cover it.
    static let protectedRoutes: [ProtectedRoute] = [
        ProtectedRoute(method: .post, pattern: "/v1/businesses/{id}/rotate-key", access: .either),
        ProtectedRoute(method: .post, pattern: "/v1/deliveries", access: .business, body: APIHarness.validDelivery),
        ProtectedRoute(method: .get, pattern: "/v1/deliveries", access: .either),
        ProtectedRoute(method: .get, pattern: "/v1/deliveries/{id}", access: .either),
        ProtectedRoute(method: .post, pattern: "/v1/deliveries/{id}/cancel", access: .either),
        ProtectedRoute(method: .get, pattern: "/v1/deliveries/{id}/track", access: .either),
        ProtectedRoute(
            method: .post, pattern: "/v1/deliveries/{id}/override", access: .operator, body: #"{"action":"cancel"}"#),
        ProtectedRoute(method: .get, pattern: "/v1/deliveries/{id}/history", access: .either),
        ProtectedRoute(
            method: .patch, pattern: "/v1/deliveries/{id}", access: .either,
            body: #"{"dropoff":{"lat":47.40,"lon":8.50}}"#),
        ProtectedRoute(method: .get, pattern: "/v1/deliveries/{id}/flight", access: .either),
        ProtectedRoute(method: .get, pattern: "/v1/deliveries/{id}/proof", access: .either),
        ProtectedRoute(method: .get, pattern: "/v1/deliveries/{id}/proof/image", access: .either),
        ProtectedRoute(method: .get, pattern: "/v1/fleet", access: .operator),
        ProtectedRoute(method: .get, pattern: "/v1/fleet/stream", access: .operator),
        ProtectedRoute(method: .get, pattern: "/v1/fleet/{droneId}", access: .operator),
        ProtectedRoute(method: .post, pattern: "/v1/fleet/{droneId}/recall", access: .operator),
        ProtectedRoute(method: .post, pattern: "/v1/fleet/{droneId}/land", access: .operator),
        ProtectedRoute(method: .get, pattern: "/v1/fleet/{droneId}/events", access: .operator),
        ProtectedRoute(method: .post, pattern: "/v1/fleet/{droneId}/mavlink-sessions", access: .operator),
        ProtectedRoute(method: .post, pattern: "/v1/drones", access: .operator, body: #"{"droneId":"drone-9"}"#),
        ProtectedRoute(method: .get, pattern: "/v1/drones", access: .operator),
        ProtectedRoute(method: .post, pattern: "/v1/drones/{droneId}/retire", access: .operator),
        ProtectedRoute(method: .get, pattern: "/v1/drones/{droneId}/maintenance", access: .operator),
        ProtectedRoute(
            method: .post, pattern: "/v1/drones/{droneId}/out-of-service", access: .operator,
            body: #"{"reason":"motor vibration"}"#),
        ProtectedRoute(method: .post, pattern: "/v1/drones/{droneId}/in-service", access: .operator),
        ProtectedRoute(method: .post, pattern: "/v1/drones/{droneId}/service", access: .operator, body: "{}"),
        ProtectedRoute(method: .get, pattern: "/v1/analytics", access: .operator),
        ProtectedRoute(method: .get, pattern: "/v1/analytics/deliveries", access: .operator),
        ProtectedRoute(
            method: .post, pattern: "/v1/zones", access: .operator,
            body: #"{"vertices":[{"lat":47.5,"lon":8.5},{"lat":47.5,"lon":8.51},{"lat":47.51,"lon":8.51}]}"#),
        ProtectedRoute(method: .get, pattern: "/v1/zones", access: .operator),
        ProtectedRoute(method: .delete, pattern: "/v1/zones/{zoneId}", access: .operator),
        ProtectedRoute(method: .post, pattern: "/v1/weather-holds", access: .operator, body: #"{"maxGustMps":12}"#),
        ProtectedRoute(method: .get, pattern: "/v1/weather-holds", access: .operator),
        ProtectedRoute(method: .delete, pattern: "/v1/weather-holds/{holdId}", access: .operator),
        ProtectedRoute(method: .get, pattern: "/v1/depots/{depotId}/swaps", access: .operator),
        ProtectedRoute(method: .get, pattern: "/v1/depots/{depotId}/swaps/stream", access: .operator),
        ProtectedRoute(method: .get, pattern: "/v1/remote-id", access: .operator),
        ProtectedRoute(
            method: .post, pattern: "/v1/operators", access: .operator, body: #"{"name":"Ops","role":"viewer"}"#),
        ProtectedRoute(method: .get, pattern: "/v1/operators", access: .operator),
        ProtectedRoute(method: .post, pattern: "/v1/operators/{operatorId}/rotate-key", access: .operator),
        ProtectedRoute(method: .delete, pattern: "/v1/operators/{operatorId}", access: .operator),
        ProtectedRoute(method: .get, pattern: "/v1/audit", access: .operator),
        ProtectedRoute(method: .get, pattern: "/v1/alerts", access: .operator),
        ProtectedRoute(method: .get, pattern: "/v1/alerts/stream", access: .operator),
        ProtectedRoute(method: .post, pattern: "/v1/alerts/{alertId}/acknowledge", access: .operator),
        ProtectedRoute(method: .post, pattern: "/v1/alerts/{alertId}/resolve", access: .operator),
        ProtectedRoute(
            method: .post, pattern: "/v1/webhooks", access: .business,
            body: #"{"url":"http://127.0.0.1:9/hook","events":["scheduled"]}"#),
        ProtectedRoute(method: .get, pattern: "/v1/webhooks", access: .either),
        ProtectedRoute(method: .delete, pattern: "/v1/webhooks/{webhookId}", access: .either),
        ProtectedRoute(method: .get, pattern: "/v1/webhooks/{webhookId}/attempts", access: .either),
    ]

    @Test func everyRouteIsClassified() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let registered = Set(h.api.makeRouter().routes.map { "\($0.method.rawValue) \($0.path.description)" })
        let classified = Self.publicRoutes.union(Self.protectedRoutes.map(\.description))
        #expect(Self.protectedRoutes.count + Self.publicRoutes.count == classified.count, "a route is listed twice")
        #expect(
            registered == classified,
            "unclassified routes: \(registered.subtracting(classified).sorted()); listed but not routed: \(classified.subtracting(registered).sorted())"
        )
    }

    @Test func missingOrUnknownKeyIs401OnEveryProtectedRoute() async throws {
        // Some 140 anonymous requests from one address: a burst above the default limit once the requests
        // are fast, and this test is about 401, not 429 (RateLimitTests covers that).
        let h = try await APIHarness(limits: APILimits(requestsPerSecond: 10_000, burst: 10_000))
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            for route in Self.protectedRoutes {
                for key in [nil, "sr_live_notakey", "wrong-operator-key"] as [String?] {
                    try await client.execute(
                        uri: route.uri(delivery: "dlv_x"), method: route.method, headers: APIHarness.auth(key),
                        body: route.body.map(APIHarness.body)
                    ) { response in
                        #expect(response.status == .unauthorized, "\(route) key \(key ?? "none")")
                        #expect(APIHarness.errorCode(response) != nil)
                    }
                }
            }
        }
    }

    @Test func wrongRoleIs403() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            let delivery = try await APIHarness.book(client, key: key)
            // Operators run the fleet; bookings belong to a business.
            for route in Self.protectedRoutes where route.access != .either {
                let wrongKey = route.access == .operator ? key : APIHarness.operatorKey
                try await client.execute(
                    uri: route.uri(delivery: delivery), method: route.method, headers: APIHarness.auth(wrongKey),
                    body: route.body.map(APIHarness.body)
                ) { response in
                    #expect(response.status == .forbidden, "\(route)")
                    #expect(APIHarness.errorCode(response) != nil, "\(route)")
                }
            }
            // X-API-Key works as well as the bearer header.
            try await client.execute(uri: "/v1/deliveries", method: .get, headers: [HTTPField.Name("X-API-Key")!: key])
            { response in
                #expect(response.status == .ok)
            }
        }
        #expect(await h.dispatcher.commands.isEmpty)
    }

    @Test func businessSeesOnlyItsOwnDeliveriesOnEveryRoute() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let alice = try await APIHarness.register(client, name: "Alice")
            let bob = try await APIHarness.register(client, name: "Bob")
            let alices = try await APIHarness.book(client, key: alice)
            var bobs = [try await APIHarness.book(client, key: bob)]
            let alicesHook = try await client.execute(
                uri: "/v1/webhooks", method: .post, headers: APIHarness.auth(alice),
                body: APIHarness.body(#"{"url":"http://127.0.0.1:9/alice","events":["delivered"]}"#)
            ) { ((APIHarness.object($0)["webhook"] as? [String: Any])?["id"] as? String) ?? "" }

            // Every route with Bob's key: nothing of Alice's comes back, whatever the route.
            for route in Self.protectedRoutes {
                let uri = route.uri(delivery: alices, webhook: alicesHook)
                let probe = try await client.execute(
                    uri: uri, method: route.method, headers: APIHarness.auth(bob), body: route.body.map(APIHarness.body)
                ) { $0 }
                let text = String(buffer: probe.body)
                if route.namesTenantObject {
                    // Probing Alice's delivery or webhook gets exactly what an id that does not exist gets (a
                    // 404 names the id it was asked for, nothing more).
                    let ghost = try await client.execute(
                        uri: route.uri(delivery: "dlv_doesnotexist", webhook: "wh_doesnotexist"), method: route.method,
                        headers: APIHarness.auth(bob),
                        body: route.body.map(APIHarness.body)
                    ) { $0 }
                    #expect(probe.status == ghost.status, "\(route)")
                    #expect(
                        text
                            == String(buffer: ghost.body).replacingOccurrences(of: "dlv_doesnotexist", with: alices)
                            .replacingOccurrences(of: "wh_doesnotexist", with: alicesHook),
                        "\(route): \(text)")
                    // A business key acts on its own business only: any other business id is a 403.
                    let refusal: HTTPResponse.Status =
                        route.access == .operator || route.pattern.hasPrefix("/v1/businesses/") ? .forbidden : .notFound
                    #expect(probe.status == refusal, "\(route): \(probe.status)")
                } else {
                    #expect(
                        !text.contains(alices) && !text.contains("Alice") && !text.contains(alicesHook),
                        "\(route) showed Bob Alice's delivery or webhook: \(text)")
                    switch route.access {
                    case .operator: #expect(probe.status == .forbidden, "\(route): \(probe.status)")
                    case .business, .either:
                        #expect((200..<300).contains(probe.status.code), "\(route): \(probe.status)")
                    }
                }
                if route.method == .post, route.pattern == "/v1/deliveries",
                    let id = APIHarness.object(probe)["id"] as? String
                {
                    bobs.append(id)
                }
            }
            try await client.execute(uri: "/v1/deliveries", method: .get, headers: APIHarness.auth(bob)) { response in
                let ids = (APIHarness.object(response)["items"] as? [[String: Any]] ?? []).compactMap {
                    $0["id"] as? String
                }
                #expect(Set(ids) == Set(bobs))
            }
            try await client.execute(
                uri: "/v1/deliveries?status=scheduled&limit=200", method: .get, headers: APIHarness.auth(bob)
            ) { response in
                let ids = (APIHarness.object(response)["items"] as? [[String: Any]] ?? []).compactMap {
                    $0["id"] as? String
                }
                #expect(!ids.contains(alices))
            }
            // Alice's delivery is untouched and still hers; the operator sees both.
            try await client.execute(uri: "/v1/deliveries/\(alices)", method: .get, headers: APIHarness.auth(alice)) {
                response in
                #expect(APIHarness.object(response)["status"] as? String == "scheduled")
            }
            try await client.execute(
                uri: "/v1/deliveries", method: .get, headers: APIHarness.auth(APIHarness.operatorKey)
            ) { response in
                #expect((APIHarness.object(response)["items"] as? [Any])?.count == 3)
            }
        }
    }

    /// The page token is opaque but not signed: a business that forges one (any position, Alice's own
    /// position, an id carrying SQL) still only pages through its own deliveries.
    @Test func forgedCursorCannotWidenTheTenantFilter() async throws {
        let h = try await APIHarness(limits: APILimits(requestsPerSecond: 10_000, burst: 10_000))
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let alice = try await APIHarness.register(client, name: "Alice")
            let bob = try await APIHarness.register(client, name: "Bob")
            var alices: [String] = []
            var bobs: Set<String> = []
            for _ in 0..<3 {
                alices.append(try await APIHarness.book(client, key: alice))
                bobs.insert(try await APIHarness.book(client, key: bob))
            }
            let aliceFirst = try #require(try await h.store.delivery(id: alices[0]))
            let forged =
                [
                    DeliveryCursor(createdAt: Date(timeIntervalSince1970: 0), id: "0"),
                    DeliveryCursor(createdAt: aliceFirst.createdAt, id: aliceFirst.id),
                    DeliveryCursor(createdAt: Date(timeIntervalSince1970: 0), id: "' OR 1=1 --"),
                    DeliveryCursor(createdAt: Date(timeIntervalSince1970: -1e12), id: "\" OR business_id <> '' --"),
                ].map(\.token) + [APIKey.base64URL(Data("0|x' UNION SELECT id FROM deliveries --".utf8))]
            for token in forged {
                for limit in [1, 200] {
                    try await client.execute(
                        uri: "/v1/deliveries?limit=\(limit)&cursor=\(token)", method: .get,
                        headers: APIHarness.auth(bob)
                    ) { response in
                        #expect(response.status == .ok, "cursor \(token)")
                        let ids = (APIHarness.object(response)["items"] as? [[String: Any]] ?? []).compactMap {
                            $0["id"] as? String
                        }
                        #expect(Set(ids).isSubset(of: bobs), "cursor \(token) limit \(limit) gave \(ids)")
                        #expect(ids.count <= limit)
                    }
                }
            }
            // Paging from the forged start reaches exactly Bob's deliveries, each once.
            var seen: [String] = []
            var cursor: String? = forged[0]
            while let token = cursor, seen.count <= 10 {
                cursor = try await client.execute(
                    uri: "/v1/deliveries?limit=1&cursor=\(token)", method: .get, headers: APIHarness.auth(bob)
                ) { response in
                    let object = APIHarness.object(response)
                    seen += (object["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                    return object["nextCursor"] as? String
                }
            }
            #expect(seen.count == bobs.count && Set(seen) == bobs, "paged \(seen)")
        }
        #expect(try h.sqlite("SELECT count(*) FROM deliveries") == "6")
    }

    @Test func keysAreRandomAndComparedInConstantTimeShape() {
        let keys = Set((0..<100).map { _ in APIKey.generate() })
        #expect(keys.count == 100)
        #expect(
            keys.allSatisfy { $0.hasPrefix("sr_live_") && !$0.contains("=") && !$0.contains("+") && !$0.contains("/") })
        #expect(APIKey.constantTimeEquals("abc", "abc"))
        #expect(!APIKey.constantTimeEquals("abc", "abd"))
        #expect(!APIKey.constantTimeEquals("abc", "abcd"))
        #expect(APIKey.hash("x") == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881")
        #expect(OperatorCredential(key: "k").matches("k"))
        #expect(!OperatorCredential(key: nil).matches(""))
        #expect(!OperatorCredential(key: "").matches(""))
    }
}
