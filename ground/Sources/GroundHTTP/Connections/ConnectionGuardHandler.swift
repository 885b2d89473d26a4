import GroundObservability
import Logging
import NIOCore

/// Per-connection guard in the HTTP/1 pipeline (after the HTTP codec): closes the connection when
/// its address already holds ``HTTPConnectionLimits/maxConnectionsPerAddress`` connections, and when
/// the first request's headers are not complete within ``HTTPConnectionLimits/headerTimeout``.
/// Hummingbird's idle timeout covers later requests and stalled bodies. It also starts the
/// connection's socket reads with a small buffer (``receiveBuffer``).
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

    /// The connection's socket reads start with buffers of this size (NIO's default is 2,048 bytes) and
    /// grow as reads fill them. The channel keeps its last receive buffer for reuse, and a live SSE stream
    /// reads only its one request: 10,000 streams kept 2 KB each for a request of a few hundred bytes.
    static let receiveBuffer = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65_536)

    package func handlerAdded(context: ChannelHandlerContext) {
        // Before the first read: the pipeline is set up when the connection is accepted.
        do {
            try context.channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: Self.receiveBuffer)
        } catch {
            logger.debug("receive buffer size not set", metadata: ["error": "\(error)"])
        }
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
