import NIOCore

/// Parses incoming datagrams into frames and addresses outgoing frames.
///
/// All state lives on the channel's event loop. Until a peer is pinned, a listener replies to the
/// last sender that sent at least one valid (and, on a signed link, correctly signed) frame, so
/// garbage cannot redirect it. Once pinned (`udpout` links are pinned to their remote from the
/// start; a listener when its owner has identified the autopilot), datagrams from any other
/// address are counted and dropped unread: a stranger can neither feed frames in nor make the
/// parser spend time on its bytes.
final class MAVLinkDatagramHandler: ChannelDuplexHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let continuation: AsyncStream<ReceivedFrame>.Continuation
    private let endpoint: String
    private(set) var peer: SocketAddress?
    private(set) var pinnedPeer: SocketAddress?
    private(set) var inbound: MAVLinkInboundFilter

    init(
        continuation: AsyncStream<ReceivedFrame>.Continuation, fixedPeer: SocketAddress?, endpoint: String,
        security: MAVLinkLinkSecurity
    ) {
        self.continuation = continuation
        self.peer = fixedPeer
        self.pinnedPeer = fixedPeer
        self.endpoint = endpoint
        self.inbound = MAVLinkInboundFilter(security: security)
    }

    /// From now on only `address` is heard and answered.
    func pin(_ address: SocketAddress) {
        pinnedPeer = address
        peer = address
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        if let pinnedPeer, envelope.remoteAddress != pinnedPeer {
            inbound.strangerDatagrams += 1
            inbound.lastStranger = "\(envelope.remoteAddress)"
            return
        }
        let frames = inbound.datagram(envelope.data.readableBytesView)
        if pinnedPeer == nil, !frames.isEmpty { peer = envelope.remoteAddress }
        for frame in frames {
            continuation.yield(ReceivedFrame(frame: frame, sender: envelope.remoteAddress))
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard let peer else {
            promise?.fail(MAVLinkTransportError.noPeer(endpoint: endpoint))
            return
        }
        context.write(
            wrapOutboundOut(AddressedEnvelope(remoteAddress: peer, data: unwrapOutboundIn(data))), promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port-unreachable and similar surface here; a datagram link just keeps going.
    }
}
