import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP
@testable import GroundObservability

@Suite("SQL injection sweep over every text input, SQLite and PostgreSQL")
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
        #expect(
            APIHarness.errorField(response)?.hasPrefix(field) == true,
            "\(comment): field \(APIHarness.errorField(response) ?? "none")")
    }

    /// Runs `sql` on the fixture's database with the database's own shell (sqlite3, psql), a reader
    /// independent of the store.
    static func sql(_ fixture: StoreFixture, _ sql: String) throws -> String {
        let output =
            switch fixture.backend {
            case .sqlite: try ChildProcess.run(ChildProcess.system("sqlite3"), [fixture.location, sql])
            case .postgres: try ChildProcess.run(ChildProcess.system("psql"), [fixture.location, "-tAc", sql])
            }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func tables(_ fixture: StoreFixture) throws -> String {
        switch fixture.backend {
        case .sqlite:
            try sql(
                fixture,
                "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)"
            )
        case .postgres:
            try sql(
                fixture,
                "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'")
        }
    }

    /// The sweep runs against both stores: each builds its own SQL, so each must bind every value.
    @Test(arguments: StoreBackend.allCases)
    func everyTextInputIsRejectedOrStoredVerbatimAndTheDatabaseSurvives(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        do {
            try await sweep(fixture)
        } catch {
            await fixture.close()
            throw error
        }
        await fixture.close()
    }

    func sweep(_ fixture: StoreFixture) async throws {
        let store = fixture.store
        let dispatcher = RecordingDispatcher(
            decision: .scheduled(
                droneID: "drone-1", assignmentID: "asg-1", etaPickup: APIHarness.etaPickup,
                etaDropoff: APIHarness.etaDropoff))
        let api = GroundAPI(
            store: store, deliveries: DeliveryService(store: store, dispatcher: dispatcher),
            fleet: FleetRegistry([DroneLiveState(droneID: "drone-1", online: true, batteryPercent: 88, phase: .landed)]
            ),
            dispatcher: dispatcher,
            authenticator: Authenticator(
                store: store, operatorCredential: OperatorCredential(key: APIHarness.operatorKey)),
            metrics: GroundMetrics(),
            // Over a hundred requests per key in a fraction of a second: lift the rate limit, which is not under test.
            limits: APILimits(requestsPerSecond: 10_000, burst: 10_000)
        )
        let tablesBefore = try Self.tables(fixture)
        #expect(tablesBefore.contains("deliveries") && tablesBefore.contains("businesses"), "\(tablesBefore)")
        let (businesses, bookings) = try await Application(router: api.makeRouter()).test(.router) { client in
            var businesses = 1
            var bookings = 0
            let key = try await APIHarness.register(client, name: "Victim")
            let first = try await APIHarness.book(client, key: key)
            bookings += 1
            let victim = try #require(try await store.delivery(id: first)?.businessID)
            let op = APIHarness.auth(APIHarness.operatorKey)
            for payload in Self.payloads {
                // Business name: stored verbatim and read back identical, or refused naming the field.
                let registration = try await client.execute(
                    uri: "/v1/businesses", method: .post, body: APIHarness.json(["name": payload])
                ) { $0 }
                if registration.status == .created {
                    businesses += 1
                    let object = APIHarness.object(registration)
                    #expect(object["name"] as? String == payload)
                    let stored = try await store.business(apiKeyHash: APIKey.hash(object["apiKey"] as? String ?? ""))
                    #expect(stored?.name == payload, "stored name of \(payload.debugDescription)")
                } else {
                    Self.expectRejected(registration, field: "name", "name \(payload.debugDescription)")
                }
                // String-typed delivery fields: the enum and the dates are validated, never passed through.
                for (field, body) in [
                    (
                        "size",
                        #"{"pickup":{"lat":47.37,"lon":8.54},"dropoff":{"lat":47.39,"lon":8.51},"weightKg":1,"size":\#(Self.jsonString(payload))}"#
                    ),
                    (
                        "window",
                        #"{"pickup":{"lat":47.37,"lon":8.54},"dropoff":{"lat":47.39,"lon":8.51},"weightKg":1,"size":"small","window":{"start":\#(Self.jsonString(payload))}}"#
                    ),
                    (
                        "window.end",
                        #"{"pickup":{"lat":47.37,"lon":8.54},"dropoff":{"lat":47.39,"lon":8.51},"weightKg":1,"size":"small","window":{"start":"2030-01-01T10:00:00Z","end":\#(Self.jsonString(payload))}}"#
                    ),
                    (
                        "pickup",
                        #"{"pickup":{"lat":\#(Self.jsonString(payload)),"lon":8.54},"dropoff":{"lat":47.39,"lon":8.51},"weightKg":1,"size":"small"}"#
                    ),
                ] {
                    try await client.execute(
                        uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key), body: APIHarness.body(body)
                    ) { response in
                        Self.expectRejected(response, field: field, "delivery \(field) \(payload.debugDescription)")
                    }
                }
                // Query parameters of the delivery list and analytics.
                for name in ["status", "cursor", "from", "to", "limit"] {
                    try await client.execute(
                        uri: "/v1/deliveries?\(name)=\(Self.encoded(payload))", method: .get,
                        headers: APIHarness.auth(key)
                    ) { response in
                        Self.expectRejected(response, field: name, "list \(name) \(payload.debugDescription)")
                    }
                }
                for path in ["/v1/analytics", "/v1/analytics/deliveries"] {
                    for name in ["from", "to", "format"] {
                        try await client.execute(
                            uri: "\(path)?\(name)=\(Self.encoded(payload))", method: .get, headers: op
                        ) { response in
                            Self.expectRejected(response, field: name, "\(path) \(name) \(payload.debugDescription)")
                        }
                    }
                }
                // A well-formed page token wrapping the payload as its id: accepted as a cursor, so the
                // payload reaches the query as a bound value; the page still holds only the caller's rows.
                // An id with a control character (NUL) is no id a page token carries: refused naming the
                // cursor (PostgreSQL would fail the query on the NUL).
                for seconds in ["0", "1e12"] {
                    let token = APIKey.base64URL(Data("\(seconds)|\(payload)".utf8))
                    try await client.execute(
                        uri: "/v1/deliveries?cursor=\(token)&limit=200", method: .get, headers: APIHarness.auth(key)
                    ) { response in
                        if payload.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                            Self.expectRejected(
                                response, field: "cursor", "cursor wrapping \(payload.debugDescription)")
                            return
                        }
                        #expect(
                            response.status == .ok,
                            "cursor wrapping \(payload.debugDescription): \(response.status.code)")
                        let items = APIHarness.object(response)["items"] as? [[String: Any]] ?? []
                        #expect(
                            items.count == (seconds == "0" ? bookings : 0),
                            "cursor wrapping \(payload.debugDescription) at \(seconds)")
                        #expect(
                            items.allSatisfy { $0["businessId"] as? String == victim },
                            "cursor wrapping \(payload.debugDescription)")
                    }
                }
                // Ids in paths are looked up as bound values: nothing matches, nothing runs.
                let id = Self.encoded(payload)
                for (method, uri, headers) in [
                    (HTTPRequest.Method.get, "/v1/deliveries/\(id)", APIHarness.auth(key)),
                    (.post, "/v1/deliveries/\(id)/cancel", APIHarness.auth(key)),
                    (.get, "/v1/deliveries/\(id)/track", APIHarness.auth(key)),
                    (.get, "/v1/deliveries/\(id)/history", APIHarness.auth(key)),
                    (.get, "/v1/deliveries/\(id)", op),
                    (.get, "/v1/fleet/\(id)", op),
                    (.get, "/v1/fleet/\(id)/events", op),
                    (.post, "/v1/fleet/\(id)/recall", op),
                    (.post, "/v1/fleet/\(id)/land", op),
                ] {
                    // A control character (NUL...) in a path is refused before any lookup (issue 18 point 6).
                    let control = payload.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
                    try await client.execute(uri: uri, method: method, headers: headers) { response in
                        #expect(
                            response.status == (control ? .badRequest : .notFound),
                            "\(method) \(uri): \(response.status.code)")
                        if control { #expect(APIHarness.errorCode(response) == "invalid_path", "\(method) \(uri)") }
                    }
                }
                // The override action is an enum and the chosen drone is looked up as a bound value.
                let untouched = try await APIHarness.book(client, key: key)
                bookings += 1
                for (field, body) in [
                    ("action", APIHarness.json(["action": payload])),
                    ("droneId", APIHarness.json(["action": "assign", "droneId": payload])),
                ] {
                    try await client.execute(
                        uri: "/v1/deliveries/\(untouched)/override", method: .post, headers: op, body: body
                    ) { response in
                        Self.expectRejected(response, field: field, "override \(field) \(payload.debugDescription)")
                    }
                }
                #expect(
                    try await store.delivery(id: untouched)?.status == .scheduled,
                    "override with \(payload.debugDescription) changed the delivery")
                // The override reason is free text the operator writes: stored verbatim or refused.
                let target = try await APIHarness.book(client, key: key)
                bookings += 1
                let override = APIHarness.json(["action": "fail", "reason": payload])
                let overridden = try await client.execute(
                    uri: "/v1/deliveries/\(target)/override", method: .post, headers: op, body: override
                ) { $0 }
                if overridden.status == .ok {
                    #expect(APIHarness.object(overridden)["reason"] as? String == payload)
                    let stored = try await store.delivery(id: target)
                    #expect(stored?.reason == payload, "stored reason of \(payload.debugDescription)")
                } else {
                    Self.expectRejected(overridden, field: "reason", "reason \(payload.debugDescription)")
                }
            }
            #expect(businesses > 1, "no payload was accepted verbatim")
            return (businesses, bookings)
        }
        #expect(try Self.tables(fixture) == tablesBefore)
        #expect(try Self.sql(fixture, "SELECT count(*) FROM businesses") == String(businesses))
        #expect(try Self.sql(fixture, "SELECT count(*) FROM deliveries") == String(bookings))
        #expect(try Self.sql(fixture, "SELECT name FROM businesses WHERE name = 'Victim'") == "Victim")
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        guard let data = try? JSONEncoder().encode(text) else { return "\"\"" }
        return String(decoding: data, as: UTF8.self)
    }
}
