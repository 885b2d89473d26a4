import FleetProtocol
import Foundation
import Logging
import MAVLink
import MQTTClient

/// The drone's end of a remote MAVLink session (QGroundControl on an operator's desk, through ground):
/// bytes on `…/mavlink/down` go to the autopilot as they are; while a session is open, every frame the
/// autopilot (or its camera) sends goes back on `…/mavlink/up`, gathered for `batchInterval` into one
/// MQTT message.
///
/// A session is open from the first down message until `idleTimeout` passes without one (a ground
/// station sends HEARTBEAT at 1 Hz). Both directions are rate limited (token buckets on frames and
/// bytes): frames over the budget are dropped and counted, so a chatty ground station can neither
/// starve the agent's telemetry on the MQTT link nor flood the autopilot.
public struct MAVLinkTunnelRelay: Sendable {
    public struct Limits: Sendable {
        public var bytesPerSecond: Double = 20_000
        public var framesPerSecond: Double = 200
        public var idleTimeout: Duration = .seconds(30)
        public var batchInterval: Duration = .milliseconds(50)
        public init() {}
    }

    let link: GroundLink
    let autopilot: AutopilotLink
    let limits: Limits
    let logger: Logger

    public init(link: GroundLink, autopilot: AutopilotLink, limits: Limits = Limits(), logger: Logger) {
        self.link = link
        self.autopilot = autopilot
        self.limits = limits
        self.logger = logger
    }

    public func run() async {
        let session = TunnelSession(limits: limits)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    do { try await receiveDown(session) } catch {
                        logger.warning("mavlink/down subscription failed, retrying", metadata: ["error": "\(error)"])
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            group.addTask { await relayUp(session) }
            await group.next()
            group.cancelAll()
        }
    }

    private func receiveDown(_ session: TunnelSession) async throws(MQTTError) {
        let subscription = try await link.client.subscribe(
            [link.topics.mavlinkDown(link.droneID)], qos: .atMostOnce)
        for await message in subscription {
            guard await session.admitDown(message.payload) else { continue }
            do { try await autopilot.forward(rawFrames: message.payload) } catch {
                logger.warning("tunnelled frames not forwarded to the autopilot", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Nothing while no session is open (no frame subscription, no batch timer: the agent does not
    /// pay for the tunnel it is not using); from a session's opening until it has closed, the frames
    /// go up in batches.
    private func relayUp(_ session: TunnelSession) async {
        for await _ in session.openings {
            guard await session.isOpen else { continue }
            await autopilot.groundStationListening(true)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await collectUp(session) }
                group.addTask {
                    repeat {
                        try? await Task.sleep(for: limits.batchInterval)
                        await sendUp(session)
                    } while await session.isOpen && !Task.isCancelled
                }
                await group.next()
                group.cancelAll()
            }
            await autopilot.groundStationListening(false)
        }
    }

    /// Until the session has closed.
    private func collectUp(_ session: TunnelSession) async {
        for await frame in await autopilot.frames() {
            guard await session.isOpen else { return }
            do { await session.queueUp(try frame.serialized()) } catch {
                logger.debug("frame not re-serialisable for the tunnel", metadata: ["error": "\(error)"])
            }
        }
    }

    private func sendUp(_ session: TunnelSession) async {
        let batch = await session.takeUpBatch()
        guard !batch.isEmpty else { return }
        do {
            try await link.client.publish(link.topics.mavlinkUp(link.droneID), payload: batch, qos: .atMostOnce)
        } catch {
            logger.debug("tunnel batch not published", metadata: ["error": "\(error)"])
        }
    }
}

/// The state of the one remote session a drone serves: when it was last heard and the budgets.
actor TunnelSession {
    private let limits: MAVLinkTunnelRelay.Limits
    private var lastDown: ContinuousClock.Instant?
    private var upBytes: TunnelBudget
    private var upFrames: TunnelBudget
    private var downBytes: TunnelBudget
    private var pending: [UInt8] = []
    /// One signal (at most one pending) each time a down message opens a closed session.
    nonisolated let openings: AsyncStream<Void>
    private let opened: AsyncStream<Void>.Continuation
    /// Frames dropped over the budget, per direction (logged when a session ends).
    private(set) var droppedUp = 0
    private(set) var droppedDown = 0

    init(limits: MAVLinkTunnelRelay.Limits) {
        self.limits = limits
        upBytes = TunnelBudget(rate: limits.bytesPerSecond, burst: limits.bytesPerSecond)
        upFrames = TunnelBudget(rate: limits.framesPerSecond, burst: limits.framesPerSecond)
        downBytes = TunnelBudget(rate: limits.bytesPerSecond, burst: limits.bytesPerSecond)
        (openings, opened) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    var isOpen: Bool {
        guard let lastDown else { return false }
        return ContinuousClock.now - lastDown < limits.idleTimeout
    }

    /// Whether a down message fits the budget; it opens (or keeps open) the session either way.
    func admitDown(_ bytes: [UInt8]) -> Bool {
        if !isOpen { opened.yield() }
        lastDown = .now
        guard !bytes.isEmpty, downBytes.take(Double(bytes.count)) else {
            droppedDown += 1
            return false
        }
        return true
    }

    func queueUp(_ frame: [UInt8]) {
        guard upFrames.take(1), upBytes.take(Double(frame.count)) else {
            droppedUp += 1
            return
        }
        pending += frame
    }

    func takeUpBatch() -> [UInt8] {
        defer { pending.removeAll(keepingCapacity: true) }
        return isOpen ? pending : []
    }
}
