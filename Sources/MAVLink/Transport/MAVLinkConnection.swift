import NIOCore
import NIOPosix

/// A MAVLink link over UDP or a serial device, opened from a `MAVLinkEndpoint`.
///
/// Cheap by design (one NIO channel on a shared event loop group, no thread per link) so one process
/// can hold a thousand of them. Received frames arrive on `frames`; `send` numbers outgoing frames
/// with a per-connection sequence.
public actor MAVLinkConnection {
    /// Frames received, in order, until the connection closes.
    public nonisolated let frames: AsyncStream<ReceivedFrame>
    /// The endpoint this connection was opened from.
    public nonisolated let endpoint: MAVLinkEndpoint
    /// The bound local address (UDP only), useful after listening on port 0.
    public nonisolated let localAddress: SocketAddress?

    private let channel: any Channel
    private let parserStatistics: @Sendable () async throws -> MAVLinkParserStatistics
    private var sequence: UInt8 = 0
    private var scratch: [UInt8] = []

    private init(
        channel: any Channel,
        endpoint: MAVLinkEndpoint,
        frames: AsyncStream<ReceivedFrame>,
        parserStatistics: @escaping @Sendable () async throws -> MAVLinkParserStatistics
    ) {
        self.channel = channel
        self.endpoint = endpoint
        self.frames = frames
        self.localAddress = channel.localAddress
        self.parserStatistics = parserStatistics
    }

    /// Opens a link: binds the UDP socket or configures and opens the serial device.
    public static func open(
        _ endpoint: MAVLinkEndpoint,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> MAVLinkConnection {
        let (frames, continuation) = AsyncStream.makeStream(of: ReceivedFrame.self, bufferingPolicy: .bufferingNewest(1024))
        switch endpoint {
        case .udpListen(let host, let port):
            let local = try SocketAddress.makeAddressResolvingHost(host, port: port)
            return try await openDatagram(endpoint, bindTo: local, peer: nil, group: eventLoopGroup, frames: frames, continuation: continuation)
        case .udpConnect(let host, let port):
            let remote = try SocketAddress.makeAddressResolvingHost(host, port: port)
            let local = try SocketAddress(ipAddress: remote.protocol == .inet6 ? "::" : "0.0.0.0", port: 0)
            return try await openDatagram(endpoint, bindTo: local, peer: remote, group: eventLoopGroup, frames: frames, continuation: continuation)
        case .serial(let path, let baudRate):
            let fd = try SerialPort.open(path: path, baudRate: baudRate)
            let channel: any Channel
            do {
                channel = try await NIOPipeBootstrap(group: eventLoopGroup)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(MAVLinkByteStreamHandler(continuation: continuation))
                        }
                    }
                    .takingOwnershipOfDescriptor(inputOutput: fd)
                    .get()
            } catch {
                SerialPort.close(fd)
                continuation.finish()
                throw error
            }
            return MAVLinkConnection(channel: channel, endpoint: endpoint, frames: frames) {
                try await channel.pipeline.handler(type: MAVLinkByteStreamHandler.self)
                    .flatMapWithEventLoop { handler, loop in loop.makeSucceededFuture(handler.parser.statistics) }.get()
            }
        }
    }

    private static func openDatagram(
        _ endpoint: MAVLinkEndpoint,
        bindTo local: SocketAddress,
        peer: SocketAddress?,
        group: any EventLoopGroup,
        frames: AsyncStream<ReceivedFrame>,
        continuation: AsyncStream<ReceivedFrame>.Continuation
    ) async throws -> MAVLinkConnection {
        let name = endpoint.description
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            MAVLinkDatagramHandler(continuation: continuation, fixedPeer: peer, endpoint: name)
                        )
                    }
                }
                .bind(to: local)
                .get()
        } catch {
            continuation.finish()
            throw error
        }
        return MAVLinkConnection(channel: channel, endpoint: endpoint, frames: frames) {
            try await channel.pipeline.handler(type: MAVLinkDatagramHandler.self)
                .flatMapWithEventLoop { handler, loop in loop.makeSucceededFuture(handler.parser.statistics) }.get()
        }
    }

    /// Sends `message` as a MAVLink 2 frame from `systemID`/`componentID`.
    ///
    /// A UDP listener that has heard nobody yet throws `MAVLinkTransportError.noPeer`.
    public func send(_ message: some MAVLinkMessage, systemID: UInt8, componentID: UInt8) async throws {
        scratch.removeAll(keepingCapacity: true)
        MAVLinkFrame.encode(message, systemID: systemID, componentID: componentID, sequence: sequence, into: &scratch)
        sequence &+= 1
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: scratch))
    }

    /// The parser counters of this link (frames, bad CRCs, unknown ids, ...).
    public func statistics() async throws -> MAVLinkParserStatistics {
        try await parserStatistics()
    }

    /// Closes the link; `frames` then finishes.
    public func close() async {
        try? await channel.close()
    }
}
