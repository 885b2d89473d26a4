import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GroundCore
@testable import GroundHTTP

/// Named operators and their roles, the audit trail of every action, and the alert routes.
@Suite("Operators, audit and alerts")
struct OperatorAccessTests {
    static func createOperator(_ client: some TestClientProtocol, role: String, by key: String) async throws
        -> (id: String, key: String)
    {
        try await client.execute(
            uri: "/v1/operators", method: .post, headers: APIHarness.auth(key),
            body: APIHarness.json(["name": "Ops \(role)", "role": role])
        ) { response in
            #expect(response.status == .created)
            let body = APIHarness.object(response)
            return (
                (body["operator"] as? [String: Any])?["id"] as? String ?? "", body["apiKey"] as? String ?? ""
            )
        }
    }

    static func audit(_ client: some TestClientProtocol, key: String) async throws -> [[String: Any]] {
        try await client.execute(uri: "/v1/audit?limit=100", method: .get, headers: APIHarness.auth(key)) {
            #expect($0.status == .ok)
            return APIHarness.object($0)["entries"] as? [[String: Any]] ?? []
        }
    }

    @Test func viewersReadButCannotActAndEveryActionIsAudited() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let boot = APIHarness.operatorKey
            let viewer = try await Self.createOperator(client, role: "viewer", by: boot)
            let dispatcher = try await Self.createOperator(client, role: "dispatcher", by: boot)
            #expect(viewer.key.hasPrefix("sr_op_"))
            let business = try await APIHarness.register(client, name: "Shop")
            let delivery = try await APIHarness.book(client, key: business)
            // Reads work for a viewer.
            for uri in ["/v1/fleet", "/v1/fleet/drone-1", "/v1/drones", "/v1/alerts", "/v1/deliveries", "/v1/webhooks"]
            {
                try await client.execute(uri: uri, method: .get, headers: APIHarness.auth(viewer.key)) {
                    #expect($0.status == .ok, "\(uri)")
                }
            }
            // Every change is 403 naming the role.
            let refused: [(String, String?)] = [
                ("/v1/fleet/drone-1/recall", nil), ("/v1/fleet/drone-1/land", nil),
                ("/v1/deliveries/\(delivery)/override", #"{"action":"fail"}"#),
                ("/v1/deliveries/\(delivery)/cancel", nil),
                ("/v1/drones", #"{"droneId":"drone-9"}"#), ("/v1/operators", #"{"name":"x","role":"viewer"}"#),
            ]
            for (uri, body) in refused {
                try await client.execute(
                    uri: uri, method: .post, headers: APIHarness.auth(viewer.key).merging(json: body != nil),
                    body: body.map(APIHarness.body)
                ) { response in
                    #expect(response.status == .forbidden, "\(uri)")
                    #expect(APIHarness.errorCode(response) == "role_forbidden", "\(uri)")
                    #expect(String(buffer: response.body).contains("viewer"), "\(uri)")
                }
            }
            try await client.execute(uri: "/v1/audit", method: .get, headers: APIHarness.auth(viewer.key)) {
                #expect($0.status == .forbidden)
            }
            // A dispatcher acts; each action is in the log under its own id.
            try await client.execute(
                uri: "/v1/fleet/drone-1/recall", method: .post, headers: APIHarness.auth(dispatcher.key)
            ) { #expect($0.status == .accepted) }
            try await client.execute(
                uri: "/v1/deliveries/\(delivery)/override", method: .post,
                headers: APIHarness.auth(dispatcher.key).merging(json: true),
                body: APIHarness.body(#"{"action":"fail","reason":"weather"}"#)
            ) { #expect($0.status == .ok) }
            // Key rotation: the old key stops at once.
            let rotated = try await client.execute(
                uri: "/v1/operators/\(dispatcher.id)/rotate-key", method: .post, headers: APIHarness.auth(boot)
            ) { APIHarness.object($0)["apiKey"] as? String ?? "" }
            try await client.execute(uri: "/v1/fleet", method: .get, headers: APIHarness.auth(dispatcher.key)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/fleet", method: .get, headers: APIHarness.auth(rotated)) {
                #expect($0.status == .ok)
            }
            try await client.execute(
                uri: "/v1/operators/\(OperatorAccount.bootstrapID)/rotate-key", method: .post,
                headers: APIHarness.auth(boot)
            ) { #expect($0.status == .conflict) }
            let entries = try await Self.audit(client, key: rotated)
            let lines = entries.map {
                "\($0["actor"] as? String ?? "") \($0["action"] as? String ?? "") \($0["subject"] as? String ?? "")"
            }
            #expect(lines.contains("\(dispatcher.id) drone.recall drone-1"))
            #expect(lines.contains("\(dispatcher.id) delivery.override \(delivery)"))
            #expect(lines.contains("op_bootstrap operator.rotateKey \(dispatcher.id)"))
            #expect(lines.contains("op_bootstrap operator.create \(viewer.id)"))
            #expect(!lines.contains { $0.hasPrefix(viewer.id) }, "refused requests leave no entry")
            let seqs = entries.compactMap { $0["seq"] as? Int }
            #expect(seqs == seqs.sorted(by: >), "newest first")
        }
    }

    @Test func alertsAreListedAcknowledgedAndResolvedByDispatchersOnly() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let alert = try await h.api.alerts.raise(kind: .weatherHold, subject: "zone-1", message: "gusts 18 m/s")
        try await h.app().test(.router) { client in
            let boot = APIHarness.operatorKey
            let viewer = try await Self.createOperator(client, role: "viewer", by: boot)
            let listed = try await client.execute(uri: "/v1/alerts", method: .get, headers: APIHarness.auth(viewer.key))
            {
                APIHarness.object($0)["alerts"] as? [[String: Any]] ?? []
            }
            #expect(listed.map { $0["id"] as? String } == [alert.id])
            try await client.execute(
                uri: "/v1/alerts/\(alert.id)/acknowledge", method: .post, headers: APIHarness.auth(viewer.key)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/v1/alerts/\(alert.id)/acknowledge", method: .post, headers: APIHarness.auth(boot)
            ) {
                #expect($0.status == .ok)
                #expect(APIHarness.object($0)["state"] as? String == "acknowledged")
            }
            try await client.execute(
                uri: "/v1/alerts/\(alert.id)/resolve", method: .post, headers: APIHarness.auth(boot)
            ) {
                #expect($0.status == .ok)
            }
            try await client.execute(
                uri: "/v1/alerts/\(alert.id)/resolve", method: .post, headers: APIHarness.auth(boot)
            ) {
                #expect($0.status == .conflict)
                #expect(APIHarness.errorCode($0) == "alert_state")
            }
            try await client.execute(uri: "/v1/alerts/alr_nope/resolve", method: .post, headers: APIHarness.auth(boot))
            {
                #expect($0.status == .notFound)
            }
            let all = try await client.execute(
                uri: "/v1/alerts?state=all", method: .get, headers: APIHarness.auth(boot)
            ) {
                APIHarness.object($0)["alerts"] as? [[String: Any]] ?? []
            }
            #expect(all.first?["resolvedBy"] as? String == OperatorAccount.bootstrapID)
            try await client.execute(uri: "/v1/alerts", method: .get, headers: APIHarness.auth(boot)) {
                #expect((APIHarness.object($0)["alerts"] as? [Any])?.isEmpty == true)
            }
        }
    }
}

extension HTTPFields {
    /// These fields plus a JSON content type when `json`.
    func merging(json: Bool) -> HTTPFields {
        var fields = self
        if json { fields[.contentType] = "application/json" }
        return fields
    }
}
