import FirmwareSim
import MAVLink
import NIOCore
import NIOPosix

/// The ground side of the benchmark: one UDP socket every vehicle sends to, counting datagrams.
///
/// One socket with vectored reads rather than a socket per vehicle, so the receiving end costs as
/// little as possible of the core the simulation is measured on.
struct TelemetrySink {
    let group: MultiThreadedEventLoopGroup
    let channel: any Channel

    static func start() async throws -> TelemetrySink {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel = try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_rcvbuf), value: 8 << 20)
            .channelOption(.datagramVectorReadMessageCount, value: 64)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 64 * 2048))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(CountingHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TelemetrySink(group: group, channel: channel)
    }

    /// Sends one GCS heartbeat to every vehicle so each learns this socket as its remote.
    func greet(_ endpoints: [VehicleEndpoint]) async throws {
        var encoder = MAVLinkEncoder(systemID: 255, componentID: 190)
        let bytes = encoder.encode(Heartbeat(type: .gcs, autopilot: .invalid))
        var last: EventLoopFuture<Void>?
        for endpoint in endpoints {
            let address = try SocketAddress(ipAddress: endpoint.host, port: endpoint.port)
            last = channel.write(
                AddressedEnvelope(remoteAddress: address, data: channel.allocator.buffer(bytes: bytes)))
        }
        channel.flush()
        try await last?.get()
    }

    /// COMMAND_LONG arm, then take-off to the default altitude, to every vehicle.
    func launch(_ endpoints: [VehicleEndpoint]) async throws {
        var encoder = MAVLinkEncoder(systemID: 255, componentID: 190)
        let arm = encoder.encode(
            CommandLong(
                targetSystem: 0, targetComponent: 0, command: .componentArmDisarm, confirmation: 0,
                param1: 1, param2: 0, param3: 0, param4: 0, param5: 0, param6: 0, param7: 0))
        let takeoff = encoder.encode(
            CommandLong(
                targetSystem: 0, targetComponent: 0, command: .navTakeoff, confirmation: 0,
                param1: 0, param2: 0, param3: 0, param4: .nan, param5: .nan, param6: .nan, param7: .nan))
        var last: EventLoopFuture<Void>?
        for endpoint in endpoints {
            let address = try SocketAddress(ipAddress: endpoint.host, port: endpoint.port)
            _ = channel.write(AddressedEnvelope(remoteAddress: address, data: channel.allocator.buffer(bytes: arm)))
            last = channel.write(
                AddressedEnvelope(remoteAddress: address, data: channel.allocator.buffer(bytes: takeoff)))
        }
        channel.flush()
        try await last?.get()
    }

    /// Datagrams received so far.
    func received() async throws -> Int {
        let channel = self.channel
        return try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: CountingHandler.self).count
        }.get()
    }

    func shutdown() async throws {
        try await channel.close()
        try await group.shutdownGracefully()
    }
}

/// Counts datagrams; runs on the sink's event loop only.
final class CountingHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    var count = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        count += 1
    }
}
