import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GroundAPIModel
@testable import GroundHTTP

/// The HTTP behaviour docs/openapi.json promises: 405 with Allow, 415 for non-JSON bodies, `null`
/// refused by field, RFC 3339 timestamps, percent-decoded path ids, error messages in API words.
@Suite("API keeps its written contract")
struct ContractTests {
    @Test func unlistedMethodIs405WithAllow() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let op = APIHarness.auth(APIHarness.operatorKey)
            try await client.execute(uri: "/v1/fleet", method: .delete, headers: op) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                #expect(APIHarness.errorCode(response) == "method_not_allowed")
            }
            try await client.execute(uri: "/v1/deliveries", method: .put, headers: op) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, POST")
            }
            // The literal `stream` route wins over the `{droneId}` capture, as in the router.
            try await client.execute(uri: "/v1/fleet/stream", method: .post, headers: op) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
            }
            try await client.execute(uri: "/v1/fleet/drone-1/recall", method: .get, headers: op) { response in
                #expect(response.headers[.allow] == "POST")
            }
            try await client.execute(uri: "/v1/nowhere", method: .delete, headers: op) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.allow] == nil)
            }
        }
    }

    @Test func nonJSONBodyIs415() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let json = APIHarness.json(["name": "Bakery"])
            for type in ["text/plain", "application/xml", "application/x-www-form-urlencoded"] {
                try await client.execute(
                    uri: "/v1/businesses", method: .post, headers: [.contentType: type], body: json
                ) { response in
                    #expect(response.status == .unsupportedMediaType, "\(type)")
                    #expect(APIHarness.errorCode(response) == "unsupported_media_type")
                    #expect(APIHarness.errorField(response) == "Content-Type")
                }
            }
            for type in [
                "application/json", "application/json; charset=utf-8", "Application/JSON",
                "application/merge-patch+json",
            ] {
                try await client.execute(
                    uri: "/v1/businesses", method: .post, headers: [.contentType: type], body: json
                ) { response in
                    #expect(response.status == .created, "\(type)")
                }
            }
        }
    }

    @Test func nullIsRefusedNamingTheField() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            let id = try await APIHarness.book(client, key: key)
            let op = APIHarness.auth(APIHarness.operatorKey)
            try await client.execute(
                uri: "/v1/deliveries/\(id)/override", method: .post, headers: op,
                body: APIHarness.body(#"{"action":"fail","reason":null,"droneId":null}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(APIHarness.errorField(response) == "droneId")
                #expect(APIHarness.errorCode(response) == "invalid_type")
            }
            let withNullWindow =
                #"{"pickup":{"lat":47.37,"lon":8.54},"dropoff":{"lat":47.39,"lon":8.51},"weightKg":1.5,"size":"small","window":null}"#
            try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key),
                body: APIHarness.body(withNullWindow)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(APIHarness.errorField(response) == "window")
            }
            try await client.execute(uri: "/v1/businesses", method: .post, body: APIHarness.body(#"{"name":null}"#)) {
                response in
                #expect(response.status == .badRequest)
                #expect(APIHarness.errorField(response) == "name")
            }
        }
    }

    @Test func timestampsFollowRFC3339() throws {
        let base = try #require(RFC3339.parse("2026-05-01T12:00:00Z"))
        #expect(base.timeIntervalSince1970 == 1_777_636_800)
        #expect(RFC3339.parse("2026-05-01t12:00:00z") == base)
        #expect(RFC3339.parse("2026-05-02T11:59:00+23:59") == base)
        #expect(RFC3339.parse("2026-04-30T12:01:00-23:59") == base)
        #expect(RFC3339.parse("2026-05-01T12:00:00.25Z")?.timeIntervalSince1970 == 1_777_636_800.25)
        for bad in [
            "2026-05-01T12:00:00+24:00", "2026-05-01T12:00:00", "2026-05-01 12:00:00Z", "2026-02-30T12:00:00Z",
            "2026-05-01T12:00:00.Z", "2026-05-01T12:00Z", "2026-05-01T12:00:00+0100",
        ] {
            #expect(RFC3339.parse(bad) == nil, "\(bad)")
        }
        #expect(RFC3339.format(base) == "2026-05-01T12:00:00Z")
        #expect(RFC3339.format(base.addingTimeInterval(0.25)) == "2026-05-01T12:00:00.250Z")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
    }

    @Test func timestampQueriesAcceptEveryRFC3339Form() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let op = APIHarness.auth(APIHarness.operatorKey)
            for from in ["2026-05-01t12:00:00z", "2026-05-01T12:00:00%2B23:59", "2026-05-01T12:00:00.123456-23:59"] {
                try await client.execute(uri: "/v1/deliveries?from=\(from)", method: .get, headers: op) { response in
                    #expect(response.status == .ok, "\(from)")
                }
            }
            try await client.execute(uri: "/v1/deliveries?from=2026-05-01T12:00:00%2B24:00", method: .get, headers: op)
            { response in
                #expect(response.status == .badRequest)
                #expect(APIHarness.errorField(response) == "from")
            }
        }
    }

    /// A window sent with fractional seconds and an offset comes back as the same instants, in UTC,
    /// fractions kept.
    @Test func windowKeepsFractionalSeconds() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            let body =
                String(APIHarness.validDelivery.dropLast())
                + #","window":{"start":"2099-01-01t10:00:00.25+01:30","end":"2099-01-01T12:00:00.5z"}}"#
            try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key), body: APIHarness.body(body)
            ) { response in
                #expect([201, 202].contains(response.status.code))
                let window = try #require(APIHarness.object(response)["window"] as? [String: Any])
                #expect(window["start"] as? String == "2099-01-01T08:30:00.250Z")
                #expect(window["end"] as? String == "2099-01-01T12:00:00.500Z")
            }
        }
    }

    @Test func pathIDsArePercentDecoded() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let op = APIHarness.auth(APIHarness.operatorKey)
            try await client.execute(uri: "/v1/fleet/drone%2D1", method: .get, headers: op) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""drone-1""#))
            }
            let key = try await APIHarness.register(client, name: "Shop")
            let id = try await APIHarness.book(client, key: key)
            let encoded = id.replacingOccurrences(of: "-", with: "%2D").replacingOccurrences(of: "_", with: "%5F")
            try await client.execute(uri: "/v1/deliveries/\(encoded)", method: .get, headers: APIHarness.auth(key)) {
                response in
                #expect(response.status == .ok)
                #expect(APIHarness.object(response)["id"] as? String == id)
            }
            // Control characters and malformed escapes never reach a route (PathSafetyMiddleware).
            for bad in ["drone%00", "drone%zz"] {
                try await client.execute(uri: "/v1/fleet/\(bad)", method: .get, headers: op) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                    #expect(APIHarness.errorCode(response) == "invalid_path", "\(bad)")
                }
            }
        }
    }

    @Test func errorMessagesNameTheFieldAndAllowedValues() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            let huge = APIHarness.validDelivery.replacingOccurrences(of: #""small""#, with: #""huge""#)
            try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key), body: APIHarness.body(huge)
            ) { response in
                #expect(response.status == .badRequest)
                let error = try #require(APIHarness.object(response)["error"] as? [String: Any])
                #expect(error["field"] as? String == "size")
                #expect(error["message"] as? String == "size: must be one of small, medium, large")
            }
            let textWeight = APIHarness.validDelivery.replacingOccurrences(of: "1.5", with: #""heavy""#)
            try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key), body: APIHarness.body(textWeight)
            ) { response in
                let error = try #require(APIHarness.object(response)["error"] as? [String: Any])
                #expect(error["field"] as? String == "weightKg")
                #expect(error["message"] as? String == "weightKg: must be a number")
            }
            let noLat = APIHarness.validDelivery.replacingOccurrences(of: #""lat":47.37,"#, with: "")
            try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key), body: APIHarness.body(noLat)
            ) { response in
                let error = try #require(APIHarness.object(response)["error"] as? [String: Any])
                #expect(error["field"] as? String == "pickup.lat")
                #expect(error["message"] as? String == "pickup.lat: is required")
            }
            let badWindow = APIHarness.validDelivery.replacingOccurrences(
                of: #""size":"small""#, with: #""size":"small","window":{"start":"soon","end":"2026-05-01T12:00:00Z"}"#)
            try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key), body: APIHarness.body(badWindow)
            ) { response in
                let error = try #require(APIHarness.object(response)["error"] as? [String: Any])
                #expect(error["field"] as? String == "window.start")
                #expect((error["message"] as? String)?.hasPrefix("window.start: must be an RFC 3339 date-time") == true)
            }
            try await client.execute(
                uri: "/v1/deliveries/x/override", method: .post, headers: APIHarness.auth(APIHarness.operatorKey),
                body: APIHarness.body(#"{"action":"explode"}"#)
            ) { response in
                let error = try #require(APIHarness.object(response)["error"] as? [String: Any])
                #expect(error["field"] as? String == "action")
                #expect((error["message"] as? String)?.hasPrefix("action: must be one of ") == true)
                #expect((error["message"] as? String)?.contains("Cannot") == false)
            }
        }
    }
}
