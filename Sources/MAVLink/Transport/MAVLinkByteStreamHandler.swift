import NIOCore

/// Parses a byte stream (a serial device) into frames; writes pass through unchanged.
final class MAVLinkByteStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncStream<ReceivedFrame>.Continuation
    private(set) var inbound: MAVLinkInboundFilter

    init(continuation: AsyncStream<ReceivedFrame>.Continuation, security: MAVLinkLinkSecurity) {
        self.continuation = continuation
        self.inbound = MAVLinkInboundFilter(security: security)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        for frame in inbound.stream(unwrapInboundIn(data).readableBytesView) {
            continuation.yield(ReceivedFrame(frame: frame, sender: nil))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }
}
