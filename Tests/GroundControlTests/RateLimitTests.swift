import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundHTTP

@Suite("Per-principal rate limiting")
struct RateLimitTests {
    /// One token per 4 s with bursts of 3: a burst of 4 is over even when a loaded machine takes seconds
    /// for it, and a token comes back within 4 s. Under a sanitizer (`TestPace`) the refill is that much
    /// slower, so the burst still outruns it.
    static let tight = APILimits(requestsPerSecond: 0.25 / TestPace.slowdown, burst: 3)

    @Test func burstAboveTheLimitIs429WithRetryAfterAndOtherKeysAreUnaffected() async throws {
        let h = try await APIHarness(limits: Self.tight)
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let first = try await APIHarness.register(client, name: "First")
            let second = try await APIHarness.register(client, name: "Second")
            for i in 0..<3 {
                try await client.execute(uri: "/v1/deliveries", method: .get, headers: APIHarness.auth(first)) {
                    response in
                    #expect(response.status == .ok, "request \(i) of the burst")
                }
            }
            try await client.execute(uri: "/v1/deliveries", method: .get, headers: APIHarness.auth(first)) { response in
                #expect(response.status == .tooManyRequests)
                #expect(APIHarness.errorCode(response) == "rate_limited")
                let retryAfter = try #require(response.headers[.retryAfter].flatMap(Int.init))
                #expect(retryAfter >= 1)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            // Another tenant and the operator have buckets of their own.
            for key in [second, APIHarness.operatorKey] {
                try await client.execute(uri: "/v1/deliveries", method: .get, headers: APIHarness.auth(key)) {
                    response in
                    #expect(response.status == .ok)
                }
            }
            // Tokens refill at 0.25/s: after Retry-After the first key may make requests again.
            try await TestPace.sleep(.milliseconds(4100))
            try await client.execute(uri: "/v1/deliveries", method: .get, headers: APIHarness.auth(first)) { response in
                #expect(response.status == .ok)
            }
        }
        let text = h.api.metrics.exposition()
        #expect(text.contains(#"skyrelay_http_rate_limited_total{principal="business"} 1"#))
        #expect(text.contains(#"status="429""#))
    }

    @Test func requestsWithoutAKeyAreLimitedPerClientAddress() async throws {
        // One token per 20 s (stretched by TestPace): a loaded CI host cannot refill one between the three requests.
        let h = try await APIHarness(limits: APILimits(requestsPerSecond: 0.05 / TestPace.slowdown, burst: 2))
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            _ = try await APIHarness.register(client, name: "One")
            _ = try await APIHarness.register(client, name: "Two")
            try await client.execute(uri: "/v1/businesses", method: .post, body: APIHarness.json(["name": "Three"])) {
                response in
                #expect(response.status == .tooManyRequests)
                #expect(
                    (1...Int(20 * TestPace.slowdown)).contains(response.headers[.retryAfter].flatMap(Int.init) ?? 0))
            }
        }
        #expect(try h.sqlite("SELECT name FROM businesses ORDER BY name") == "One\nTwo")
    }

    @Test func guessingKeysRunsIntoTheAddressLimit() async throws {
        // One token per 20 s, as above: at 0.5/s a loaded host refilled one between the requests.
        let h = try await APIHarness(limits: APILimits(requestsPerSecond: 0.05 / TestPace.slowdown, burst: 2))
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            for expected in [HTTPResponse.Status.unauthorized, .unauthorized, .tooManyRequests] {
                try await client.execute(uri: "/v1/deliveries", method: .get, headers: APIHarness.auth("sr_live_guess"))
                { response in
                    #expect(response.status == expected)
                }
            }
        }
        #expect(h.api.metrics.exposition().contains(#"skyrelay_http_rate_limited_total{principal="anonymous"} 1"#))
    }

    @Test func defaultLimitsLeaveOrdinaryTrafficAlone() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Busy")
            for _ in 0..<60 {
                try await client.execute(uri: "/v1/deliveries", method: .get, headers: APIHarness.auth(key)) {
                    response in
                    #expect(response.status == .ok)
                }
            }
        }
    }

    @Test func limiterRefillsAndEvictsIdleBuckets() async {
        let limiter = RateLimiter(requestsPerSecond: 2, burst: 2)
        let start = ContinuousClock.now
        #expect(await limiter.acquire("a", now: start) == nil)
        #expect(await limiter.acquire("a", now: start) == nil)
        let wait = await limiter.acquire("a", now: start)
        #expect(wait == .milliseconds(500))
        #expect(await limiter.acquire("b", now: start) == nil)
        #expect(await limiter.acquire("a", now: start + .milliseconds(500)) == nil)
        #expect(await limiter.trackedKeys == 2)
        // Both buckets are full again after a second: a later request sweeps them and only its own remains.
        #expect(await limiter.acquire("c", now: start + .seconds(5)) == nil)
        #expect(await limiter.trackedKeys == 1)
    }

    @Test func degenerateConfigurationsStillAnswerWithAFiniteWait() async {
        for (rate, burst) in [(0.0, 0), (-5, -1), (.nan, 1), (.infinity, Int.max)] {
            let limiter = RateLimiter(requestsPerSecond: rate, burst: burst)
            let now = ContinuousClock.now
            var waits: [Duration?] = []
            for _ in 0..<3 { waits.append(await limiter.acquire("k", now: now)) }
            #expect(waits.first == .some(nil), "rate \(rate) burst \(burst)")
            #expect(waits.allSatisfy { $0.map { $0 <= .seconds(1000) } ?? true })
        }
    }
}
