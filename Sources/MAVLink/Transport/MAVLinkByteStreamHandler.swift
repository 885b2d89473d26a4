import NIOCore

/// Parses a byte stream (a serial device) into frames; writes pass through unchanged.
final class MAVLinkByteStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncStream<ReceivedFrame>.Continuation
    private(set) var parser = MAVLinkStreamParser()

    init(continuation: AsyncStream<ReceivedFrame>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        for frame in parser.parse(unwrapInboundIn(data).readableBytesView) {
            continuation.yield(ReceivedFrame(frame: frame, sender: nil))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }
}
