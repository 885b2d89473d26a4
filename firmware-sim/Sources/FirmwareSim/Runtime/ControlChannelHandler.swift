import NIOCore

/// The control port: each datagram holds control lines; the reply goes back to the sender.
final class ControlChannelHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    let engine: SimulationEngine

    init(engine: SimulationEngine) {
        self.engine = engine
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let text = String(buffer: envelope.data)
        let replies = text.split(whereSeparator: \.isNewline).map { engine.control(String($0)) }
        let reply = context.channel.allocator.buffer(string: replies.joined(separator: "\n") + "\n")
        context.writeAndFlush(
            wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: reply)), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        engine.logger.debug("control socket error", metadata: ["error": "\(error)"])
    }
}
