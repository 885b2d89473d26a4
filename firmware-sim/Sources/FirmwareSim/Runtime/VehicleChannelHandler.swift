import NIOCore

/// Hands datagrams of one vehicle's MAVLink instance to the engine (same event loop, so a direct call).
final class VehicleChannelHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let index: Int
    let instance: Int
    let engine: SimulationEngine

    init(index: Int, instance: Int, engine: SimulationEngine) {
        self.index = index
        self.instance = instance
        self.engine = engine
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        engine.receive(index, instance: instance, bytes: envelope.data, from: envelope.remoteAddress)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port-unreachable for a peer that went away must not close the vehicle's socket.
        engine.logger.debug("socket error", metadata: ["drone": "\(index)", "error": "\(error)"])
    }
}
