import Foundation
import GroundAPIModel
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP

@Suite("Business key rotation and tracking link expiry", .timeLimit(TestPace.timeLimit(minutes: 2)))
struct KeyRotationTests {
    static func rotate(_ client: some TestClientProtocol, business: String, key: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/businesses/\(business)/rotate-key", method: .post, headers: APIHarness.auth(key)
        ) { $0 }
    }

    static func status(_ client: some TestClientProtocol, _ uri: String, key: String? = nil) async throws
        -> (HTTPResponse.Status, String?)
    {
        try await client.execute(uri: uri, method: .get, headers: APIHarness.auth(key)) {
            ($0.status, APIHarness.errorCode($0))
        }
    }

    /// Registers a business; returns its id and key.
    static func register(_ client: some TestClientProtocol, name: String) async throws -> (id: String, key: String) {
        try await client.execute(uri: "/v1/businesses", method: .post, body: APIHarness.json(["name": name])) {
            let body = APIHarness.object($0)
            return (body["id"] as? String ?? "", body["apiKey"] as? String ?? "")
        }
    }

    static func token(_ client: some TestClientProtocol, delivery: String, key: String) async throws -> String {
        try await client.execute(uri: "/v1/deliveries/\(delivery)", method: .get, headers: APIHarness.auth(key)) {
            APIHarness.object($0)["trackingToken"] as? String ?? ""
        }
    }

    @Test func rotatedKeyWorksThroughItsGraceWhileEveryTrackingLinkIsRevokedAtOnce() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let (id, first) = try await Self.register(client, name: "Shop")
            let other = try await Self.register(client, name: "Other")
            let delivery = try await APIHarness.book(client, key: first)
            let oldToken = try await Self.token(client, delivery: delivery, key: first)
            #expect(try await Self.status(client, "/v1/deliveries/\(delivery)?token=\(oldToken)").0 == .ok)

            let before = Date()
            let rotated = try await Self.rotate(client, business: id, key: first)
            #expect(rotated.status == .ok)
            let body = try GroundJSON.decoder().decode(RotatedKey.self, from: Data(rotated.body.readableBytesView))
            #expect(body.id == id && body.apiKey.hasPrefix(APIKey.prefix) && body.apiKey != first)
            let grace = body.previousKeyExpiresAt.timeIntervalSince(before)
            #expect(grace > 86_000 && grace < 86_500, "the default grace is 24 h")

            // Both keys open the business's deliveries during the grace.
            for key in [first, body.apiKey] {
                #expect(try await Self.status(client, "/v1/deliveries/\(delivery)", key: key).0 == .ok)
            }
            // Links made with the old key are revoked; a fresh one works.
            #expect(
                try await Self.status(client, "/v1/deliveries/\(delivery)?token=\(oldToken)")
                    == (.unauthorized, "invalid_token"))
            let newToken = try await Self.token(client, delivery: delivery, key: body.apiKey)
            #expect(newToken != oldToken)
            #expect(try await Self.status(client, "/v1/deliveries/\(delivery)?token=\(newToken)").0 == .ok)

            // The outgoing key cannot mint a successor, another business cannot rotate this one.
            let superseded = try await Self.rotate(client, business: id, key: first)
            #expect(superseded.status == .forbidden && APIHarness.errorCode(superseded) == "key_superseded")
            let foreign = try await Self.rotate(client, business: id, key: other.key)
            #expect(foreign.status == .forbidden && APIHarness.errorCode(foreign) == "not_own_business")
            #expect(try await Self.rotate(client, business: "biz_nope", key: other.key).status == .forbidden)
            #expect(
                try await Self.rotate(client, business: "biz_nope", key: APIHarness.operatorKey).status == .notFound)

            // The operator rotates again: the key before last stops at once, only one replaced key is kept.
            let again = try await Self.rotate(client, business: id, key: APIHarness.operatorKey)
            #expect(again.status == .ok)
            let third = try #require(APIHarness.object(again)["apiKey"] as? String)
            #expect(try await Self.status(client, "/v1/deliveries", key: first) == (.unauthorized, "invalid_key"))
            for key in [body.apiKey, third] {
                #expect(try await Self.status(client, "/v1/deliveries", key: key).0 == .ok)
            }
        }
    }

    @Test func withoutGraceTheReplacedKeyStopsAtOnce() async throws {
        let h = try await APIHarness(
            credentials: CredentialPolicy(keyRotationGrace: .zero, trackingTokenTTL: .seconds(60)))
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let (id, key) = try await Self.register(client, name: "Shop")
            let rotated = try await Self.rotate(client, business: id, key: key)
            let fresh = try #require(APIHarness.object(rotated)["apiKey"] as? String)
            #expect(try await Self.status(client, "/v1/deliveries", key: key) == (.unauthorized, "invalid_key"))
            #expect(try await Self.status(client, "/v1/deliveries", key: fresh).0 == .ok)
        }
    }

    @Test func trackingLinkExpiresTheConfiguredTimeAfterTheDeliveryEnded() async throws {
        let ttl = TestPace.scaled(.seconds(2))
        let h = try await APIHarness(
            credentials: CredentialPolicy(keyRotationGrace: .seconds(60), trackingTokenTTL: ttl))
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let (_, key) = try await Self.register(client, name: "Shop")
            let delivery = try await APIHarness.book(client, key: key)
            let token = try await Self.token(client, delivery: delivery, key: key)
            try await client.execute(
                uri: "/v1/deliveries/\(delivery)/cancel", method: .post, headers: APIHarness.auth(key)
            ) { #expect($0.status == .ok) }
            // Still open right after the end (the TTL counts from it).
            #expect(try await Self.status(client, "/v1/deliveries/\(delivery)?token=\(token)").0 == .ok)
            try await Task.sleep(for: ttl + .milliseconds(50))
            #expect(
                try await Self.status(client, "/v1/deliveries/\(delivery)?token=\(token)")
                    == (.unauthorized, "token_expired"))
            #expect(
                try await Self.status(client, "/v1/deliveries/\(delivery)/track?token=\(token)")
                    == (.unauthorized, "token_expired"))
            // A wrong token still learns nothing about expiry.
            #expect(
                try await Self.status(client, "/v1/deliveries/\(delivery)?token=AAAA") == (
                    .unauthorized, "invalid_token"
                ))
            // The business key is not a link: it still reads the delivery.
            #expect(try await Self.status(client, "/v1/deliveries/\(delivery)", key: key).0 == .ok)
        }
    }

    /// A stream opened with the key being replaced ends once the grace is over; one opened with the new
    /// key (after that) carries on until the delivery ends.
    @Test func trackingStreamOfTheReplacedKeyEndsAfterTheGrace() async throws {
        // Long enough that the rotation and the stream's opening fit inside it on a loaded host (the whole
        // target runs its suites in parallel): at 1 s the old key was sometimes past its grace at opening.
        let grace = TestPace.scaled(.seconds(3))
        let h = try await APIHarness(
            heartbeat: .milliseconds(50),
            credentials: CredentialPolicy(keyRotationGrace: grace, trackingTokenTTL: .seconds(60)))
        defer { h.dir.remove() }
        let service = h.api.deliveries
        try await h.app().test(.live) { client in
            let (id, old) = try await Self.register(client, name: "Shop")
            let delivery = try await APIHarness.book(client, key: old)
            let rotatedAt = ContinuousClock.now
            let rotated = try await Self.rotate(client, business: id, key: old)
            let fresh = try #require(APIHarness.object(rotated)["apiKey"] as? String)

            try await client.execute(
                uri: "/v1/deliveries/\(delivery)/track", method: .get, headers: APIHarness.auth(old)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"status\":\"scheduled\""))
            }
            #expect(ContinuousClock.now - rotatedAt >= grace, "the old key's stream lasted its grace")
            // One request at a time: the test client may share one connection between requests.
            let freshStream = Task {
                try await client.execute(
                    uri: "/v1/deliveries/\(delivery)/track", method: .get, headers: APIHarness.auth(fresh)
                ) { String(buffer: $0.body) }
            }
            try await waitUntil("the new key's stream still open") {
                await service.tracking.subscriberCount(deliveryID: delivery) == 1
            }
            _ = try await service.cancel(delivery, businessID: nil)
            let text = try await freshStream.value
            #expect(text.contains("\"status\":\"cancelled\""))
        }
    }

    /// A stream opened with a tracking link (no key) ends at the first heartbeat after a rotation of the
    /// business's key revoked the link; the delivery is still under way.
    @Test func trackingLinkStreamEndsAtTheHeartbeatAfterARotation() async throws {
        let h = try await APIHarness(
            heartbeat: .milliseconds(50),
            credentials: CredentialPolicy(keyRotationGrace: .seconds(60), trackingTokenTTL: .seconds(60)))
        defer { h.dir.remove() }
        let service = h.api.deliveries
        let store = h.api.store
        try await h.app().test(.live) { client in
            let (id, key) = try await Self.register(client, name: "Shop")
            let delivery = try await APIHarness.book(client, key: key)
            let token = try await Self.token(client, delivery: delivery, key: key)
            let stream = Task {
                try await client.execute(uri: "/v1/deliveries/\(delivery)/track?token=\(token)", method: .get) {
                    ($0.status, String(buffer: $0.body))
                }
            }
            try await waitUntil("the link's stream open") {
                await service.tracking.subscriberCount(deliveryID: delivery) == 1
            }
            // Through the store: the test client may share its one connection with the open stream.
            let rotated = try await store.rotateBusinessKey(
                id: id, newKeyHash: APIKey.hash(APIKey.generate()),
                previousKeyExpiresAt: Date().addingTimeInterval(60))
            #expect(rotated != nil)
            let (status, text) = try await stream.value
            #expect(status == .ok)
            #expect(text.contains("\"status\":\"scheduled\""))
            #expect(!text.contains("\"status\":\"cancelled\""), "ended by the access check, not by the delivery")
            #expect(
                try await Self.status(client, "/v1/deliveries/\(delivery)?token=\(token)") == (
                    .unauthorized, "invalid_token"
                ))
        }
    }
}
