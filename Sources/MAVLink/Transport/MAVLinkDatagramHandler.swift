import NIOCore

/// Parses incoming datagrams into frames and addresses outgoing frames.
///
/// All state lives on the channel's event loop: a listener replies to whoever it heard last, a
/// `udpout` link always to its fixed remote.
final class MAVLinkDatagramHandler: ChannelDuplexHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let continuation: AsyncStream<ReceivedFrame>.Continuation
    private let followsSender: Bool
    private let endpoint: String
    private(set) var peer: SocketAddress?
    private(set) var parser = MAVLinkStreamParser()

    init(continuation: AsyncStream<ReceivedFrame>.Continuation, fixedPeer: SocketAddress?, endpoint: String) {
        self.continuation = continuation
        self.peer = fixedPeer
        self.followsSender = fixedPeer == nil
        self.endpoint = endpoint
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        if followsSender { peer = envelope.remoteAddress }
        for frame in parser.parse(envelope.data.readableBytesView) {
            continuation.yield(ReceivedFrame(frame: frame, sender: envelope.remoteAddress))
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard let peer else {
            promise?.fail(MAVLinkTransportError.noPeer(endpoint: endpoint))
            return
        }
        context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: peer, data: unwrapOutboundIn(data))), promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port-unreachable and similar surface here; a datagram link just keeps going.
    }
}
