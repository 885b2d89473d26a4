import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GroundHTTP

@Suite("Request body size limit")
struct BodyLimitTests {
    static func registration(nameLength: Int) -> ByteBuffer {
        APIHarness.json(["name": String(repeating: "a", count: nameLength)])
    }

    @Test func bodyAboveTheDefault64KiBIs413() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            try await client.execute(
                uri: "/v1/businesses", method: .post, body: Self.registration(nameLength: 70 * 1024)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(APIHarness.errorCode(response) == "body_too_large")
            }
            let key = try await APIHarness.register(client, name: "Shop")
            let padded =
                APIHarness.validDelivery.dropLast() + #","pad":""# + String(repeating: " ", count: 65 * 1024) + #""}"#
            try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key),
                body: APIHarness.body(String(padded))
            ) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
        #expect(try h.sqlite("SELECT count(*) FROM deliveries") == "0")
    }

    @Test func configuredLimitIsAppliedAndBodiesBelowItPass() async throws {
        let h = try await APIHarness(limits: APILimits(maxBodyBytes: 100))
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            try await client.execute(uri: "/v1/businesses", method: .post, body: Self.registration(nameLength: 50)) {
                response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/v1/businesses", method: .post, body: Self.registration(nameLength: 150)) {
                response in
                #expect(response.status == .contentTooLarge)
                #expect(APIHarness.errorCode(response) == "body_too_large")
                #expect(String(buffer: response.body).contains("100 bytes"))
            }
        }
    }
}
