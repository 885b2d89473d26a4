import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import GroundControl

@Suite("SQL injection sweep over every text input")
struct InjectionSweepTests {
    static let payloads = [
        "'; DROP TABLE deliveries; --",
        "\" OR 1=1 --",
        "' OR '1'='1",
        "Robert'); DROP TABLE businesses;--",
        "1; DELETE FROM deliveries WHERE 1=1",
        "' UNION SELECT api_key_hash FROM businesses --",
        "ünïcødé 🚁 \u{202E}gnp.exe 中文",
        "nul\u{0}byte",
        "back\\slash '' \"\" ;",
    ]

    /// A path segment or query value carrying `text` verbatim.
    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    static func expectRejected(_ response: TestResponse, field: String, _ comment: String) {
        #expect((400..<500).contains(response.status.code), "\(comment): status \(response.status.code)")
        #expect(APIHarness.errorField(response)?.hasPrefix(field) == true, "\(comment): field \(APIHarness.errorField(response) ?? "none")")
    }

    @Test func everyTextInputIsRejectedOrStoredVerbatimAndTheDatabaseSurvives() async throws {
        // Over a hundred requests per key in a fraction of a second: lift the rate limit, which is not under test.
        let h = try await APIHarness(limits: APILimits(requestsPerSecond: 10_000, burst: 10_000))
        defer { h.dir.remove() }
        let tablesBefore = try h.sqlite("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)")
        let (businesses, bookings) = try await h.app().test(.router) { client in
            var businesses = 1
            var bookings = 0
            let key = try await APIHarness.register(client, name: "Victim")
            _ = try await APIHarness.book(client, key: key)
            bookings += 1
            let op = APIHarness.auth(APIHarness.operatorKey)
            for payload in Self.payloads {
                // Business name: stored verbatim and read back identical, or refused naming the field.
                let registration = try await client.execute(uri: "/v1/businesses", method: .post, body: APIHarness.json(["name": payload])) { $0 }
                if registration.status == .created {
                    businesses += 1
                    let object = APIHarness.object(registration)
                    #expect(object["name"] as? String == payload)
                    let stored = try await h.store.business(apiKeyHash: APIKey.hash(object["apiKey"] as? String ?? ""))
                    #expect(stored?.name == payload, "stored name of \(payload.debugDescription)")
                } else {
                    Self.expectRejected(registration, field: "name", "name \(payload.debugDescription)")
                }
                // String-typed delivery fields: the enum and the dates are validated, never passed through.
                for (field, body) in [
                    ("size", #"{"pickup":{"lat":47.37,"lon":8.54},"dropoff":{"lat":47.39,"lon":8.51},"weightKg":1,"size":\#(Self.jsonString(payload))}"#),
                    ("window", #"{"pickup":{"lat":47.37,"lon":8.54},"dropoff":{"lat":47.39,"lon":8.51},"weightKg":1,"size":"small","window":{"start":\#(Self.jsonString(payload))}}"#),
                    ("pickup", #"{"pickup":{"lat":\#(Self.jsonString(payload)),"lon":8.54},"dropoff":{"lat":47.39,"lon":8.51},"weightKg":1,"size":"small"}"#),
                ] {
                    try await client.execute(uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key), body: APIHarness.body(body)) { response in
                        Self.expectRejected(response, field: field, "delivery \(field) \(payload.debugDescription)")
                    }
                }
                // Query parameters of the delivery list and analytics.
                for name in ["status", "cursor", "from", "to", "limit"] {
                    try await client.execute(uri: "/v1/deliveries?\(name)=\(Self.encoded(payload))", method: .get, headers: APIHarness.auth(key)) { response in
                        Self.expectRejected(response, field: name, "list \(name) \(payload.debugDescription)")
                    }
                }
                for name in ["from", "to"] {
                    try await client.execute(uri: "/v1/analytics?\(name)=\(Self.encoded(payload))", method: .get, headers: op) { response in
                        Self.expectRejected(response, field: name, "analytics \(name) \(payload.debugDescription)")
                    }
                }
                // Ids in paths are looked up as bound values: nothing matches, nothing runs.
                let id = Self.encoded(payload)
                for (method, uri, headers) in [
                    (HTTPRequest.Method.get, "/v1/deliveries/\(id)", APIHarness.auth(key)),
                    (.post, "/v1/deliveries/\(id)/cancel", APIHarness.auth(key)),
                    (.get, "/v1/deliveries/\(id)/track", APIHarness.auth(key)),
                    (.get, "/v1/deliveries/\(id)", op),
                    (.get, "/v1/fleet/\(id)", op),
                    (.post, "/v1/fleet/\(id)/recall", op),
                    (.post, "/v1/fleet/\(id)/land", op),
                ] {
                    try await client.execute(uri: uri, method: method, headers: headers) { response in
                        #expect(response.status == .notFound, "\(method) \(uri): \(response.status.code)")
                    }
                }
                // The override reason is free text the operator writes: stored verbatim or refused.
                let target = try await APIHarness.book(client, key: key)
                bookings += 1
                let override = APIHarness.json(["action": "fail", "reason": payload])
                let overridden = try await client.execute(uri: "/v1/deliveries/\(target)/override", method: .post, headers: op, body: override) { $0 }
                if overridden.status == .ok {
                    #expect(APIHarness.object(overridden)["reason"] as? String == payload)
                    let stored = try await h.store.delivery(id: target)
                    #expect(stored?.reason == payload, "stored reason of \(payload.debugDescription)")
                } else {
                    Self.expectRejected(overridden, field: "reason", "reason \(payload.debugDescription)")
                }
            }
            #expect(businesses > 1, "no payload was accepted verbatim")
            return (businesses, bookings)
        }
        #expect(try h.sqlite("SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)") == tablesBefore)
        #expect(try h.sqlite("SELECT count(*) FROM businesses") == String(businesses))
        #expect(try h.sqlite("SELECT count(*) FROM deliveries") == String(bookings))
        #expect(try h.sqlite("SELECT name FROM businesses WHERE name = 'Victim'") == "Victim")
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        guard let data = try? JSONEncoder().encode(text) else { return "\"\"" }
        return String(decoding: data, as: UTF8.self)
    }
}
