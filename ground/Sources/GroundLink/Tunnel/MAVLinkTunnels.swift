import FleetProtocol
import GroundCore
import Logging
import MQTTClient
import NIOCore
import NIOPosix

/// Remote MAVLink sessions through the fleet link: per drone a UDP socket on `bindHost` (port chosen by
/// the system) whose datagrams go to the drone on `…/mavlink/down`, and whose answers from
/// `…/mavlink/up` go back to whoever sent the last datagram, as mavlink-router's UDP server endpoints
/// do. The ground→drone direction is rate limited here as the agent limits the other; a session closes
/// after `idleTimeout` without a datagram from the ground station.
package actor MAVLinkTunnels: MAVLinkTunnelOpening {
    let client: MQTTClient
    let topics: FleetTopics
    let bindHost: String
    let idleTimeout: Duration
    let bytesPerSecond: Double
    let logger: Logger

    private struct Session {
        var channel: any Channel
        var port: Int
        var peer: SocketAddress?
        var lastHeard: ContinuousClock.Instant
        var down: TunnelBudget
        var tasks: [Task<Void, Never>]
        var dropped = 0
    }

    private var sessions: [String: Session] = [:]

    package init(
        client: MQTTClient, topics: FleetTopics, bindHost: String = "127.0.0.1", idleTimeout: Duration = .seconds(60),
        bytesPerSecond: Double = 20_000, logger: Logger
    ) {
        self.client = client
        self.topics = topics
        self.bindHost = bindHost
        self.idleTimeout = idleTimeout
        self.bytesPerSecond = bytesPerSecond
        self.logger = logger
    }

    package func open(droneID: String, requestedBy: String) async throws(MAVLinkTunnelError) -> MAVLinkTunnelEndpoint {
        if let session = sessions[droneID] { return endpoint(droneID, session) }
        let drone: DroneID
        do { drone = try DroneID(droneID) } catch { throw MAVLinkTunnelError("drone id: \(error)") }
        let (datagrams, continuation) = AsyncStream.makeStream(
            of: AddressedEnvelope<ByteBuffer>.self, bufferingPolicy: .bufferingNewest(256))
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            TunnelDatagramHandler(continuation: continuation))
                    }
                }
                .bind(host: bindHost, port: 0).get()
        } catch {
            continuation.finish()
            throw MAVLinkTunnelError("cannot bind a UDP port on \(bindHost): \(error)")
        }
        let up: MQTTSubscription
        do { up = try await client.subscribe([topics.mavlinkUp(drone)], qos: .atMostOnce) } catch {
            try? await channel.close()
            throw MAVLinkTunnelError("cannot subscribe to the drone's mavlink/up: \(error)")
        }
        let port = channel.localAddress?.port ?? 0
        let downTopic = topics.mavlinkDown(drone)
        let tasks = [
            Task { [weak self] in
                for await datagram in datagrams {
                    guard let self else { return }
                    await self.forwardDown(droneID, datagram, topic: downTopic)
                }
            },
            Task { [weak self] in
                for await message in up {
                    guard let self else { return }
                    await self.forwardUp(droneID, message.payload)
                }
            },
            Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    guard let self, await self.closeIfIdle(droneID) == false else { return }
                }
            },
        ]
        let session = Session(
            channel: channel, port: port, lastHeard: .now,
            down: TunnelBudget(rate: bytesPerSecond, burst: bytesPerSecond),
            tasks: tasks)
        sessions[droneID] = session
        logger.notice(
            "remote MAVLink session opened",
            metadata: ["drone": "\(droneID)", "port": "\(port)", "requestedBy": "\(requestedBy)"])
        _ = up
        return endpoint(droneID, session)
    }

    private func endpoint(_ droneID: String, _ session: Session) -> MAVLinkTunnelEndpoint {
        let seconds = Double(idleTimeout.components.seconds)
        return MAVLinkTunnelEndpoint(droneID: droneID, host: bindHost, port: session.port, idleTimeoutSeconds: seconds)
    }

    private func forwardDown(_ droneID: String, _ datagram: AddressedEnvelope<ByteBuffer>, topic: String) async {
        guard var session = sessions[droneID] else { return }
        session.peer = datagram.remoteAddress
        session.lastHeard = .now
        let bytes = Array(datagram.data.readableBytesView)
        let admitted = session.down.take(Double(bytes.count))
        if !admitted { session.dropped += 1 }
        sessions[droneID] = session
        guard admitted else { return }
        do { try await client.publish(topic, payload: bytes, qos: .atMostOnce) } catch {
            logger.debug("tunnel datagram not published", metadata: ["drone": "\(droneID)", "error": "\(error)"])
        }
    }

    private func forwardUp(_ droneID: String, _ bytes: [UInt8]) {
        guard let session = sessions[droneID], let peer = session.peer else { return }
        let buffer = session.channel.allocator.buffer(bytes: bytes)
        session.channel.writeAndFlush(AddressedEnvelope(remoteAddress: peer, data: buffer), promise: nil)
    }

    /// Closes the session after `idleTimeout` without a datagram; true when it is closed (or gone).
    private func closeIfIdle(_ droneID: String) async -> Bool {
        guard let session = sessions[droneID] else { return true }
        guard ContinuousClock.now - session.lastHeard >= idleTimeout else { return false }
        sessions[droneID] = nil
        for task in session.tasks { task.cancel() }
        try? await session.channel.close()
        logger.notice(
            "remote MAVLink session closed (idle)",
            metadata: ["drone": "\(droneID)", "port": "\(session.port)", "droppedOverBudget": "\(session.dropped)"])
        return true
    }
}

/// Hands every datagram of a tunnel socket to the session's task.
final class TunnelDatagramHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    let continuation: AsyncStream<AddressedEnvelope<ByteBuffer>>.Continuation

    init(continuation: AsyncStream<AddressedEnvelope<ByteBuffer>>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        continuation.yield(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }
}
