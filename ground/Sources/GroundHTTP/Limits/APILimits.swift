/// Per-principal request rate and request body size the API accepts.
package struct APILimits: Sendable, Hashable {
    /// Sustained requests per second allowed to one principal (business, operator, or client address).
    package var requestsPerSecond: Double
    /// Requests one principal may make in a burst above the sustained rate.
    package var burst: Int
    /// Largest request body accepted; larger ones are refused with 413 before being decoded.
    package var maxBodyBytes: Int
    /// Reverse proxies whose forwarded-client header names the client (none: the socket peer is the client).
    package var trustedProxies: TrustedProxies

    package init(
        requestsPerSecond: Double = 50, burst: Int = 100, maxBodyBytes: Int = 64 * 1024,
        trustedProxies: TrustedProxies = .none
    ) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
        self.maxBodyBytes = maxBodyBytes
        self.trustedProxies = trustedProxies
    }

    /// 50 requests/s with bursts of 100 and 64 KiB bodies: far above what a legitimate client needs.
    package static let `default` = APILimits()
}
