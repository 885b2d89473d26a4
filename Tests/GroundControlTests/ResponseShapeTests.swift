import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GroundAPIModel
@testable import GroundCore
@testable import GroundHTTP

/// Every JSON response a route gives has exactly the shape docs/openapi.json documents for that route
/// and status: no key the schema lacks, every required key present, all the way down.
@Suite("Responses match their documented schemas")
struct ResponseShapeTests {
    /// The keys of `value` checked against `schema` (after `$ref`), recursively; one line per mismatch.
    static func mismatches(_ value: Any, _ schema: [String: Any], _ doc: [String: Any], at path: String) -> [String] {
        let schema = resolve(schema, doc)
        if let object = value as? [String: Any] {
            guard let properties = schema["properties"] as? [String: Any] else {
                return schema["type"] as? String == "object"
                    ? [] : ["\(path): an object where the schema has no properties"]
            }
            var problems = Set(object.keys).subtracting(properties.keys).sorted().map {
                "\(path).\($0): not in the schema"
            }
            problems += Set(schema["required"] as? [String] ?? []).subtracting(object.keys).sorted().map {
                "\(path).\($0): required but absent"
            }
            for (key, element) in object {
                if let child = properties[key] as? [String: Any] {
                    problems += mismatches(element, child, doc, at: "\(path).\(key)")
                }
            }
            return problems
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            return array.enumerated().flatMap { mismatches($1, items, doc, at: "\(path)[\($0)]") }
        }
        return []
    }

    static func resolve(_ schema: [String: Any], _ doc: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String else { return schema }
        var node: Any = doc
        for part in ref.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] as Any }
        return resolve(node as? [String: Any] ?? [:], doc)
    }

    /// The JSON schema documented for `method path` answering `status`.
    static func schema(_ doc: [String: Any], _ method: String, _ path: String, _ status: Int) throws -> [String: Any] {
        let operation = try #require(
            ((doc["paths"] as? [String: Any])?[path] as? [String: Any])?[method] as? [String: Any], "\(method) \(path)")
        let response = try #require(
            (operation["responses"] as? [String: Any])?[String(status)] as? [String: Any],
            "\(method) \(path) \(status) undocumented")
        let resolved = resolve(response, doc)
        let content = try #require(
            (resolved["content"] as? [String: Any])?["application/json"] as? [String: Any],
            "\(method) \(path) \(status)")
        return try #require(content["schema"] as? [String: Any])
    }

    @Test func everyRouteAnswersInItsDocumentedShape() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let checked = try await h.app().test(.router) { client in
            let doc = try OpenAPITests.document()
            var checked = Set<String>()
            func check(
                _ method: HTTPRequest.Method, _ uri: String, _ template: String, key: String?, body: String? = nil
            ) async throws {
                let (status, data) = try await client.execute(
                    uri: uri, method: method, headers: APIHarness.auth(key), body: body.map(APIHarness.body)
                ) { response in (Int(response.status.code), Data(response.body.readableBytesView)) }
                let json = try JSONSerialization.jsonObject(with: data)
                let documented = try Self.schema(doc, method.rawValue.lowercased(), template, status)
                let problems = Self.mismatches(json, documented, doc, at: "\(method) \(template) \(status)")
                #expect(problems.isEmpty, "\(problems)")
                checked.insert("\(method) \(template) \(status)")
            }
            let op = APIHarness.operatorKey
            try await check(.get, "/health", "/health", key: nil)
            try await check(.post, "/v1/businesses", "/v1/businesses", key: nil, body: #"{"name":"Shop"}"#)
            let key = try await APIHarness.register(client, name: "Bakery")
            let window = #","window":{"start":"2099-01-01T10:00:00.5Z","end":"2099-01-01T12:00:00Z"}}"#
            try await check(
                .post, "/v1/deliveries", "/v1/deliveries", key: key,
                body: String(APIHarness.validDelivery.dropLast()) + window)
            let id = try await APIHarness.book(client, key: key)
            try await check(.get, "/v1/deliveries", "/v1/deliveries", key: key)
            try await check(.get, "/v1/deliveries?limit=1", "/v1/deliveries", key: op)
            try await check(.get, "/v1/deliveries/\(id)", "/v1/deliveries/{id}", key: key)
            try await check(.get, "/v1/deliveries/\(id)/history", "/v1/deliveries/{id}/history", key: key)
            try await check(.get, "/v1/fleet", "/v1/fleet", key: op)
            try await check(.get, "/v1/fleet/drone-1", "/v1/fleet/{droneId}", key: op)
            try await check(.post, "/v1/fleet/drone-1/recall", "/v1/fleet/{droneId}/recall", key: op)
            try await check(.post, "/v1/fleet/drone-1/land", "/v1/fleet/{droneId}/land", key: op)
            try await check(.get, "/v1/analytics", "/v1/analytics", key: op)
            try await check(
                .post, "/v1/deliveries/\(id)/override", "/v1/deliveries/{id}/override", key: op,
                body: #"{"action":"fail","reason":"test"}"#)
            try await check(.post, "/v1/deliveries/\(id)/cancel", "/v1/deliveries/{id}/cancel", key: key)
            // Errors: each documented error status has the Error shape.
            try await check(.get, "/v1/deliveries/nope", "/v1/deliveries/{id}", key: key)
            try await check(.get, "/v1/fleet", "/v1/fleet", key: key)
            try await check(.get, "/v1/fleet", "/v1/fleet", key: "wrong")
            try await check(.get, "/v1/deliveries?cursor=x", "/v1/deliveries", key: key)
            try await check(.post, "/v1/deliveries", "/v1/deliveries", key: key, body: #"{"size":null}"#)
            // Operators, audit, alerts, webhooks.
            let alert = try await h.api.alerts.raise(kind: .weatherHold, subject: "zone-1", message: "gusts")
            try await check(
                .post, "/v1/operators", "/v1/operators", key: op, body: #"{"name":"Night shift","role":"viewer"}"#)
            try await check(.get, "/v1/operators", "/v1/operators", key: op)
            try await check(.get, "/v1/audit", "/v1/audit", key: op)
            try await check(.get, "/v1/alerts?state=all", "/v1/alerts", key: op)
            try await check(.post, "/v1/alerts/\(alert.id)/acknowledge", "/v1/alerts/{alertId}/acknowledge", key: op)
            try await check(.post, "/v1/alerts/\(alert.id)/resolve", "/v1/alerts/{alertId}/resolve", key: op)
            try await check(.post, "/v1/alerts/\(alert.id)/resolve", "/v1/alerts/{alertId}/resolve", key: op)
            try await check(
                .post, "/v1/operators/op_nope/rotate-key", "/v1/operators/{operatorId}/rotate-key", key: op)
            try await check(.delete, "/v1/operators/op_nope", "/v1/operators/{operatorId}", key: op)
            try await check(.delete, "/v1/operators/op_bootstrap", "/v1/operators/{operatorId}", key: op)
            try await check(.get, "/v1/webhooks/pager/attempts", "/v1/webhooks/{webhookId}/attempts", key: op)
            try await check(
                .post, "/v1/webhooks", "/v1/webhooks", key: key,
                body: #"{"url":"http://127.0.0.1:9/hook","events":["scheduled","delivered"]}"#)
            try await check(.post, "/v1/webhooks", "/v1/webhooks", key: key, body: #"{"url":"ftp://x","events":[]}"#)
            try await check(.get, "/v1/webhooks", "/v1/webhooks", key: key)
            try await check(.get, "/v1/webhooks/wh_nope/attempts", "/v1/webhooks/{webhookId}/attempts", key: key)
            return checked
        }
        #expect(checked.count >= 18, "\(checked.sorted())")
    }

    /// The streams' event data: the fleet stream's first event is a FleetSnapshot, then DroneStates;
    /// the tracking stream's are TrackingUpdates.
    @Test func streamEventsMatchTheirDocumentedSchemas() throws {
        let doc = try OpenAPITests.document()
        func eventSchema(_ path: String, _ event: String) throws -> [String: Any] {
            let media = try #require(
                ((((((doc["paths"] as? [String: Any])?[path] as? [String: Any])?["get"] as? [String: Any])?["responses"]
                    as? [String: Any])?["200"] as? [String: Any])?["content"] as? [String: Any])?["text/event-stream"]
                    as? [String: Any])
            let variants = try #require((media["schema"] as? [String: Any])?["oneOf"] as? [[String: Any]])
            let variant = try #require(
                variants.first {
                    (($0["properties"] as? [String: Any])?["event"] as? [String: Any])?["const"] as? String == event
                }, "no \(event) event documented on \(path)")
            let data = try #require((variant["properties"] as? [String: Any])?["data"] as? [String: Any])
            #expect(data["contentMediaType"] as? String == "application/json")
            return try #require(data["contentSchema"] as? [String: Any])
        }
        func frameData(_ buffer: ByteBuffer) throws -> (event: String, data: Any) {
            let text = String(buffer: buffer)
            let lines = text.split(separator: "\n")
            let event = try #require(lines.first { $0.hasPrefix("event: ") }).dropFirst(7)
            let data = try #require(lines.first { $0.hasPrefix("data: ") }).dropFirst(6)
            return (String(event), try JSONSerialization.jsonObject(with: Data(data.utf8)))
        }
        let drone = DroneLiveState(droneID: "d1", online: true, batteryPercent: 80, phase: .landed, lastSeen: Date())
        let fleet = try frameData(FleetStreamFrame.fleet([drone]))
        #expect(fleet.event == "fleet")
        #expect(Self.mismatches(fleet.data, try eventSchema("/v1/fleet/stream", "fleet"), doc, at: "fleet").isEmpty)
        let one = try frameData(FleetStreamFrame.drone(drone))
        #expect(one.event == "drone")
        #expect(Self.mismatches(one.data, try eventSchema("/v1/fleet/stream", "drone"), doc, at: "drone").isEmpty)
        _ = try eventSchema("/v1/deliveries/{id}/track", "update")
    }
}
