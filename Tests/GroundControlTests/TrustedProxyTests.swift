import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundHTTP

/// Anonymous requests are rate-limited per client. Behind a reverse proxy the socket peer is the proxy,
/// so ground believes the proxy's forwarded-client header, but only from a configured trusted proxy,
/// and only the rightmost address not trusted (what the client wrote itself is ignored).
@Suite("Trusted proxy client address")
struct TrustedProxyTests {
    static func proxies(_ blocks: [String], _ header: TrustedProxies.Header = .xForwardedFor) throws -> TrustedProxies {
        TrustedProxies(
            blocks: try blocks.map { text throws(AddressBlockError) in try AddressBlock(text) }, header: header)
    }

    @Test func picksTheRightmostUntrustedAddressFromATrustedPeerOnly() throws {
        let trusted = try Self.proxies(["10.0.0.0/8", "::1"])
        #expect(trusted.clientAddress(peer: "10.1.2.3", headerValues: ["198.51.100.7"]) == "198.51.100.7")
        // The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
        #expect(trusted.clientAddress(peer: "10.1.2.3", headerValues: ["1.2.3.4, 198.51.100.7"]) == "198.51.100.7")
        // A chain of trusted proxies is skipped; several header lines are one list.
        #expect(
            trusted.clientAddress(peer: "::1", headerValues: ["1.2.3.4", "198.51.100.7, 10.9.9.9"]) == "198.51.100.7")
        // Not from a trusted proxy: the header is ignored.
        #expect(trusted.clientAddress(peer: "203.0.113.5", headerValues: ["198.51.100.7"]) == "203.0.113.5")
        // No header, or garbage where the client should be: the proxy stands for it.
        #expect(trusted.clientAddress(peer: "10.1.2.3", headerValues: []) == "10.1.2.3")
        #expect(trusted.clientAddress(peer: "10.1.2.3", headerValues: ["1.2.3.4, unknown"]) == "10.1.2.3")
        #expect(TrustedProxies.none.clientAddress(peer: "10.1.2.3", headerValues: ["198.51.100.7"]) == "10.1.2.3")
        let rfc = try Self.proxies(["10.0.0.0/8"], .forwarded)
        #expect(
            rfc.clientAddress(
                peer: "10.0.0.1", headerValues: [#"for=1.2.3.4, for="[2001:db8:cafe::17]:4711";proto=https"#])
                == "2001:db8:cafe::17")
        #expect(rfc.clientAddress(peer: "10.0.0.1", headerValues: ["for=192.0.2.60:80;by=10.0.0.1"]) == "192.0.2.60")
        #expect(throws: AddressBlockError.self) { try AddressBlock("10.0.0.0/33") }
        #expect(throws: AddressBlockError.self) { try AddressBlock("proxy.example") }
        #expect(try AddressBlock("::ffff:10.0.0.1").contains([10, 0, 0, 1]))
    }

    /// Real sockets: the test client is a trusted proxy on 127.0.0.1 forwarding two customers.
    @Test func customersBehindATrustedProxyHaveBucketsOfTheirOwn() async throws {
        let limits = APILimits(
            requestsPerSecond: 0.05 / TestPace.slowdown, burst: 2,
            trustedProxies: try Self.proxies(["127.0.0.0/8", "::1"]))
        let h = try await APIHarness(limits: limits)
        defer { h.dir.remove() }
        try await h.app().test(.live) { client in
            let status1 = try await Self.register(client, as: "198.51.100.1")
            #expect(status1 == .created, "198.51.100.1")
            let status2 = try await Self.register(client, as: "198.51.100.1")
            #expect(status2 == .created, "198.51.100.1")
            let status3 = try await Self.register(client, as: "198.51.100.1")
            #expect(status3 == .tooManyRequests, "198.51.100.1")
            // Another customer through the same proxy is not limited by the first one's bucket.
            let status4 = try await Self.register(client, as: "198.51.100.2")
            #expect(status4 == .created, "198.51.100.2")
        }
        // Without the proxy configured, the header is not believed: everyone shares the socket peer's bucket.
        let plain = try await APIHarness(limits: APILimits(requestsPerSecond: 0.05 / TestPace.slowdown, burst: 2))
        defer { plain.dir.remove() }
        try await plain.app().test(.live) { client in
            let status5 = try await Self.register(client, as: "198.51.100.1")
            #expect(status5 == .created, "198.51.100.1")
            let status6 = try await Self.register(client, as: "198.51.100.2")
            #expect(status6 == .created, "198.51.100.2")
            let status7 = try await Self.register(client, as: "198.51.100.3")
            #expect(status7 == .tooManyRequests, "198.51.100.3")
        }
    }

    /// Registers a business through the "proxy" (the test client), which forwards `customer`; the
    /// client itself tried to forge 6.6.6.6 on the left.
    static func register(_ client: some TestClientProtocol, as customer: String) async throws -> HTTPResponse.Status {
        try await client.execute(
            uri: "/v1/businesses", method: .post, headers: [HTTPField.Name("X-Forwarded-For")!: "6.6.6.6, \(customer)"],
            body: APIHarness.json(["name": "Shop \(UUID().uuidString.prefix(6))"])
        ) { $0.status }
    }
}
