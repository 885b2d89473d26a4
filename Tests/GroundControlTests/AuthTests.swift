import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport
@testable import GroundControl

@Suite("Authentication, roles and tenant isolation")
struct AuthTests {
    /// Every protected route with a sample body; ids are filled per test.
    static func protectedRoutes(delivery: String) -> [(HTTPRequest.Method, String, String?)] {
        [
            (.post, "/v1/deliveries", APIHarness.validDelivery),
            (.get, "/v1/deliveries", nil),
            (.get, "/v1/deliveries/\(delivery)", nil),
            (.post, "/v1/deliveries/\(delivery)/cancel", nil),
            (.get, "/v1/deliveries/\(delivery)/track", nil),
            (.post, "/v1/deliveries/\(delivery)/override", #"{"action":"cancel"}"#),
            (.get, "/v1/fleet", nil),
            (.get, "/v1/fleet/drone-1", nil),
            (.post, "/v1/fleet/drone-1/recall", nil),
            (.post, "/v1/fleet/drone-1/land", nil),
            (.get, "/v1/analytics", nil),
        ]
    }

    @Test func missingOrUnknownKeyIs401OnEveryProtectedRoute() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            for (method, uri, body) in Self.protectedRoutes(delivery: "dlv_x") {
                for key in [nil, "sr_live_notakey", "wrong-operator-key"] as [String?] {
                    try await client.execute(uri: uri, method: method, headers: APIHarness.auth(key), body: body.map(APIHarness.body)) { response in
                        #expect(response.status == .unauthorized, "\(method) \(uri) key \(key ?? "none")")
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
            for uri in ["/v1/fleet", "/v1/fleet/drone-1", "/v1/analytics"] {
                try await client.execute(uri: uri, method: .get, headers: APIHarness.auth(key)) { response in
                    #expect(response.status == .forbidden, "\(uri)")
                }
            }
            for uri in ["/v1/fleet/drone-1/recall", "/v1/fleet/drone-1/land"] {
                try await client.execute(uri: uri, method: .post, headers: APIHarness.auth(key)) { response in
                    #expect(response.status == .forbidden, "\(uri)")
                }
            }
            // Operators run the fleet; bookings belong to a business.
            try await client.execute(uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(APIHarness.operatorKey),
                                     body: APIHarness.body(APIHarness.validDelivery)) { response in
                #expect(response.status == .forbidden)
            }
            // X-API-Key works as well as the bearer header.
            try await client.execute(uri: "/v1/deliveries", method: .get, headers: [HTTPField.Name("X-API-Key")!: key]) { response in
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
            let bobs = try await APIHarness.book(client, key: bob)

            // Bob probing Alice's delivery gets exactly what he gets for an id that does not exist.
            for (method, uri, body) in Self.protectedRoutes(delivery: alices) where uri.contains("/deliveries/") {
                let ghostURI = uri.replacingOccurrences(of: alices, with: "dlv_doesnotexist")
                let probe = try await client.execute(uri: uri, method: method, headers: APIHarness.auth(bob), body: body.map(APIHarness.body)) { $0 }
                let ghost = try await client.execute(uri: ghostURI, method: method, headers: APIHarness.auth(bob), body: body.map(APIHarness.body)) { $0 }
                #expect(probe.status == ghost.status, "\(method) \(uri)")
                #expect(probe.status == (uri.hasSuffix("/override") ? .forbidden : .notFound), "\(method) \(uri)")
                #expect(String(buffer: probe.body).contains(alices) == false || probe.status == .notFound)
            }
            try await client.execute(uri: "/v1/deliveries", method: .get, headers: APIHarness.auth(bob)) { response in
                let ids = (APIHarness.object(response)["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(ids == [bobs])
            }
            // A forged cursor cannot widen the tenant filter either.
            try await client.execute(uri: "/v1/deliveries?status=scheduled&limit=200", method: .get, headers: APIHarness.auth(bob)) { response in
                let ids = (APIHarness.object(response)["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                #expect(!ids.contains(alices))
            }
            // Alice's delivery is untouched and still hers; the operator sees both.
            try await client.execute(uri: "/v1/deliveries/\(alices)", method: .get, headers: APIHarness.auth(alice)) { response in
                #expect(APIHarness.object(response)["status"] as? String == "scheduled")
            }
            try await client.execute(uri: "/v1/deliveries", method: .get, headers: APIHarness.auth(APIHarness.operatorKey)) { response in
                #expect((APIHarness.object(response)["items"] as? [Any])?.count == 2)
            }
        }
    }

    @Test func keysAreRandomAndComparedInConstantTimeShape() {
        let keys = Set((0..<100).map { _ in APIKey.generate() })
        #expect(keys.count == 100)
        #expect(keys.allSatisfy { $0.hasPrefix("sr_live_") && !$0.contains("=") && !$0.contains("+") && !$0.contains("/") })
        #expect(APIKey.constantTimeEquals("abc", "abc"))
        #expect(!APIKey.constantTimeEquals("abc", "abd"))
        #expect(!APIKey.constantTimeEquals("abc", "abcd"))
        #expect(APIKey.hash("x") == "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881")
        #expect(OperatorCredential(key: "k").matches("k"))
        #expect(!OperatorCredential(key: nil).matches(""))
        #expect(!OperatorCredential(key: "").matches(""))
    }
}
