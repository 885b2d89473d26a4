import NIOCore
import NIOPosix

/// A MAVLink link over UDP or a serial device, opened from a `MAVLinkEndpoint`.
///
/// Cheap by design (one NIO channel on a shared event loop group, no thread per link) so one process
/// can hold a thousand of them. Received frames arrive on `frames`; `send` numbers outgoing frames
/// with a per-connection sequence and, on a signed link (`MAVLinkLinkSecurity`), signs them.
///
/// UDP listeners bind only the address the endpoint names (`udp://:port` is the loopback) and can be
/// pinned to one peer (``pin(to:)``); `udpout` links hear only their remote.
public actor MAVLinkConnection {
    /// Frames received, in order, until the connection closes.
    public nonisolated let frames: AsyncStream<ReceivedFrame>
    /// The endpoint this connection was opened from.
    public nonisolated let endpoint: MAVLinkEndpoint
    /// The bound local address (UDP only), useful after listening on port 0.
    public nonisolated let localAddress: SocketAddress?

    private let channel: any Channel
    private let readStatistics: @Sendable () async throws -> MAVLinkLinkStatistics
    private var sequence: UInt8 = 0
    private var scratch: [UInt8] = []
    private var signer: MAVLinkSigner?

    private init(
        channel: any Channel,
        endpoint: MAVLinkEndpoint,
        frames: AsyncStream<ReceivedFrame>,
        security: MAVLinkLinkSecurity,
        readStatistics: @escaping @Sendable () async throws -> MAVLinkLinkStatistics
    ) {
        self.channel = channel
        self.endpoint = endpoint
        self.frames = frames
        self.localAddress = channel.localAddress
        self.signer = security.makeSigner()
        self.readStatistics = readStatistics
    }

    /// Opens a link: binds the UDP socket or configures and opens the serial device.
    public static func open(
        _ endpoint: MAVLinkEndpoint,
        security: MAVLinkLinkSecurity = .none,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> MAVLinkConnection {
        let (frames, continuation) = AsyncStream.makeStream(
            of: ReceivedFrame.self, bufferingPolicy: .bufferingNewest(1024))
        switch endpoint {
        case .udpListen(let host, let port):
            let local = try SocketAddress.makeAddressResolvingHost(host, port: port)
            return try await openDatagram(
                endpoint, bindTo: local, peer: nil, security: security, group: eventLoopGroup,
                frames: frames, continuation: continuation)
        case .udpConnect(let host, let port):
            let remote = try SocketAddress.makeAddressResolvingHost(host, port: port)
            let local = try SocketAddress(ipAddress: Self.localAddress(towards: remote), port: 0)
            return try await openDatagram(
                endpoint, bindTo: local, peer: remote, security: security, group: eventLoopGroup,
                frames: frames, continuation: continuation)
        case .serial(let path, let baudRate):
            let fd = try SerialPort.open(path: path, baudRate: baudRate)
            let channel: any Channel
            do {
                channel = try await NIOPipeBootstrap(group: eventLoopGroup)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                MAVLinkByteStreamHandler(continuation: continuation, security: security))
                        }
                    }
                    .takingOwnershipOfDescriptor(inputOutput: fd)
                    .get()
            } catch {
                SerialPort.close(fd)
                continuation.finish()
                throw error
            }
            return MAVLinkConnection(channel: channel, endpoint: endpoint, frames: frames, security: security) {
                try await channel.pipeline.handler(type: MAVLinkByteStreamHandler.self)
                    .flatMapWithEventLoop { handler, loop in loop.makeSucceededFuture(handler.inbound.statistics) }
                    .get()
            }
        }
    }

    private static func openDatagram(
        _ endpoint: MAVLinkEndpoint,
        bindTo local: SocketAddress,
        peer: SocketAddress?,
        security: MAVLinkLinkSecurity,
        group: any EventLoopGroup,
        frames: AsyncStream<ReceivedFrame>,
        continuation: AsyncStream<ReceivedFrame>.Continuation
    ) async throws -> MAVLinkConnection {
        let name = endpoint.description
        let channel: any Channel
        do {
            // No SO_REUSEADDR: on UDP it lets the kernel hand a port-0 bind a port another reusing socket
            // holds (a second agent, mavlink-router), and the two then split each other's datagrams; UDP
            // has no TIME_WAIT for it to help with.
            channel = try await DatagramBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            MAVLinkDatagramHandler(
                                continuation: continuation, fixedPeer: peer, endpoint: name, security: security)
                        )
                    }
                }
                .bind(to: local)
                .get()
        } catch {
            continuation.finish()
            throw error
        }
        return MAVLinkConnection(channel: channel, endpoint: endpoint, frames: frames, security: security) {
            try await channel.pipeline.handler(type: MAVLinkDatagramHandler.self)
                .flatMapWithEventLoop { handler, loop in loop.makeSucceededFuture(handler.inbound.statistics) }.get()
        }
    }

    /// The local address a `udpout` link binds: the loopback when the remote is on this computer
    /// (PX4 SITL, mavlink-router), so nothing off the machine can reach the socket; otherwise any.
    static func localAddress(towards remote: SocketAddress) -> String {
        switch remote {
        case .v4(let address):
            // 127.0.0.0/8, in network byte order in the sockaddr.
            UInt32(bigEndian: address.address.sin_addr.s_addr) >> 24 == 127 ? "127.0.0.1" : "0.0.0.0"
        case .v6:
            remote.ipAddress == "::1" ? "::1" : "::"
        default:
            "0.0.0.0"
        }
    }

    /// From now on the link hears and answers only `address` (UDP; a no-op on serial links). Datagrams
    /// from anyone else are counted in ``linkStatistics()`` and dropped.
    public func pin(to address: SocketAddress) async throws {
        guard case .udpListen = endpoint else { return }
        try await channel.pipeline.handler(type: MAVLinkDatagramHandler.self)
            .flatMapWithEventLoop { handler, loop in
                handler.pin(address)
                return loop.makeSucceededVoidFuture()
            }.get()
    }

    /// Sends `message` as a MAVLink 2 frame from `systemID`/`componentID`.
    ///
    /// A UDP listener that has heard nobody yet throws `MAVLinkTransportError.noPeer`.
    public func send(_ message: some MAVLinkMessage, systemID: UInt8, componentID: UInt8) async throws {
        scratch.removeAll(keepingCapacity: true)
        MAVLinkFrame.encode(message, systemID: systemID, componentID: componentID, sequence: sequence, into: &scratch)
        sequence &+= 1
        try signer?.sign(&scratch, frameStart: 0)
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: scratch))
    }

    /// Sends frames another system encoded (a tunnelled ground station's), unchanged: their ids,
    /// sequence and signature stay theirs, as a MAVLink router forwards them.
    public func send(rawFrames bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
    }

    /// The parser counters of this link (frames, bad CRCs, unknown ids, ...).
    public func statistics() async throws -> MAVLinkParserStatistics {
        try await readStatistics().parser
    }

    /// Parser counters plus strangers and signature failures.
    public func linkStatistics() async throws -> MAVLinkLinkStatistics {
        try await readStatistics()
    }

    /// Closes the link; `frames` then finishes.
    public func close() async {
        try? await channel.close()
    }
}
