/// Limits on HTTP connections, against clients that open many or send slowly (slowloris).
package struct HTTPConnectionLimits: Sendable, Hashable {
    /// A new connection must complete its first request's headers within this, or it is closed.
    package var headerTimeout: Duration
    /// A connection with no request in progress, or a request whose next part does not arrive, is
    /// closed after this (Hummingbird's HTTP/1 idle timeout).
    package var idleTimeout: Duration
    /// Open connections one client address may hold; more are closed at once. Trusted proxies are exempt.
    package var maxConnectionsPerAddress: Int
    /// Connections the kernel queues before ground accepts them (listen backlog; the kernel caps it at
    /// `net.core.somaxconn`): thousands of tracking pages may open at once.
    package var listenBacklog: Int

    package init(
        headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(30),
        maxConnectionsPerAddress: Int = 256, listenBacklog: Int = 4096
    ) {
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
        self.listenBacklog = listenBacklog
    }

    /// 10 s for the headers, 30 s idle, 256 connections per address (a tracking page or a benchmark holds one SSE stream per delivery),
    /// a listen backlog of 4,096.
    package static let `default` = HTTPConnectionLimits()
}
