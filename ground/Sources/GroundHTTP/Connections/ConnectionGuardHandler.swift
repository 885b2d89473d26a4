import GroundObservability
import Logging
import NIOCore

/// Per-connection guard in the HTTP/1 pipeline (after the HTTP codec): closes the connection when
/// its address already holds ``HTTPConnectionLimits/maxConnectionsPerAddress`` connections, and when
/// the first request's headers are not complete within ``HTTPConnectionLimits/headerTimeout``.
/// Hummingbird's idle timeout covers later requests and stalled bodies.
package final class ConnectionGuardHandler: ChannelInboundHandler, RemovableChannelHandler {
    /// Parts pass through untouched (never unwrapped); the first one read is always a request head.
    package typealias InboundIn = Never

    let limits: HTTPConnectionLimits
    let counter: ConnectionCounter
    let exempt: @Sendable (String) -> Bool
    let metrics: GroundMetrics
    let logger: Logger
    private var address: String?
    private var headerDeadline: Scheduled<Void>?
    private var headerSeen = false

    package init(
        limits: HTTPConnectionLimits, counter: ConnectionCounter, exempt: @escaping @Sendable (String) -> Bool,
        metrics: GroundMetrics, logger: Logger
    ) {
        self.limits = limits
        self.counter = counter
        self.exempt = exempt
        self.metrics = metrics
        self.logger = logger
    }

    package func handlerAdded(context: ChannelHandlerContext) {
        let ip = context.channel.remoteAddress?.ipAddress ?? "unknown"
        if !exempt(ip) {
            guard counter.open(ip) else {
                metrics.recordConnectionRefused(reason: "per_address_limit")
                logger.notice(
                    "connection refused: too many from one address",
                    metadata: ["address": "\(ip)", "limit": "\(limits.maxConnectionsPerAddress)"])
                context.close(promise: nil)
                return
            }
            address = ip
        }
        let timeout = limits.headerTimeout.components
        let amount = TimeAmount.nanoseconds(timeout.seconds * 1_000_000_000 + timeout.attoseconds / 1_000_000_000)
        headerDeadline = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: amount) { [weak self] in
            guard let self, !self.headerSeen else { return }
            self.metrics.recordConnectionRefused(reason: "header_timeout")
            self.logger.info("connection closed: request headers not complete in time", metadata: ["address": "\(ip)"])
            context.close(promise: nil)
        }
    }

    package func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !headerSeen {
            headerSeen = true
            headerDeadline?.cancel()
            headerDeadline = nil
        }
        context.fireChannelRead(data)
    }

    package func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    package func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    private func release() {
        headerDeadline?.cancel()
        headerDeadline = nil
        if let address {
            counter.close(address)
            self.address = nil
        }
    }
}

@available(*, unavailable)
extension ConnectionGuardHandler: Sendable {}
