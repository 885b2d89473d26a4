import Logging
import MAVLink
import NIOCore

/// Steps every vehicle and moves their frames to and from the sockets.
///
/// Confined to the simulator's single event loop: the channel handlers and the tick timer run
/// there, so the whole simulation is one thread with no locks and no task per vehicle.
final class SimulationEngine {
    let configuration: SimulatorConfiguration
    var vehicles: [Vehicle]
    var parsers: [MAVLinkStreamParser]
    var channels: [(any Channel)?]
    /// Where each vehicle sends: the configured remote until a peer talks, then the last peer.
    var remotes: [SocketAddress?]
    var environment: SimulationEnvironment
    /// Simulated seconds since start.
    private(set) var time: Double = 0
    private var pendingFaults: [ScheduledFault]
    private var wallStart: NIODeadline?
    private(set) var statistics = SimulatorStatistics()
    let logger: Logger

    init(configuration: SimulatorConfiguration, remotes: [SocketAddress?], epochMicros: UInt64, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        vehicles = configuration.homes.indices.map { i in
            Vehicle(index: i, systemID: configuration.systemID(of: i), home: configuration.homes[i],
                    profile: configuration.profile, rates: configuration.rates, seed: configuration.seed,
                    personality: configuration.personality(of: i))
        }
        parsers = Array(repeating: MAVLinkStreamParser(), count: configuration.homes.count)
        channels = Array(repeating: nil, count: configuration.homes.count)
        self.remotes = remotes
        environment = SimulationEnvironment(wind: configuration.wind, gpsNoise: configuration.gpsNoise,
                                            speed: configuration.speed, epochMicros: epochMicros)
        pendingFaults = configuration.faults.sorted { $0.time < $1.time }
    }

    /// Advances simulated time to match the wall clock, in fixed physics steps, then sends.
    func tick(now: NIODeadline) {
        let start = wallStart ?? now
        wallStart = start
        let target = Double((now - start).nanoseconds) / 1e9 * environment.speed
        let dt = configuration.physicsStep
        // Never more than a quarter wall second of work per tick: a sim that cannot keep up falls
        // behind (reported as lag) rather than freezing the event loop.
        var budget = max(1, Int(0.25 * environment.speed / dt))
        while time + dt <= target, budget > 0 {
            time += dt
            budget -= 1
            applyDueFaults()
            for i in vehicles.indices {
                vehicles[i].step(dt: dt, environment: environment)
                // A link that is down at the moment a frame is made loses it, even if the link is back
                // by the time this tick flushes (a lagging tick runs many steps at once).
                if vehicles[i].linkDown, !vehicles[i].outbox.isEmpty {
                    statistics.droppedByLinkLoss += vehicles[i].outbox.frameEnds.count
                    vehicles[i].clearOutbox()
                }
            }
            statistics.steps += 1
        }
        statistics.simulatedSeconds = time
        statistics.lagSeconds = max(0, target - time) / environment.speed
        statistics.maxLagSeconds = max(statistics.maxLagSeconds, statistics.lagSeconds)
        for i in vehicles.indices { flush(i) }
        statistics.busySeconds += Double((NIODeadline.now() - now).nanoseconds) / 1e9
        if let cpu = ThreadCPUClock.now() { statistics.cpuSeconds = cpu }
    }

    private func applyDueFaults() {
        while let next = pendingFaults.first, next.time <= time {
            pendingFaults.removeFirst()
            inject(next.fault, into: next.vehicle)
        }
    }

    func inject(_ fault: Fault, into vehicle: Int?) {
        for i in vehicle.map({ [$0] }) ?? Array(vehicles.indices) where vehicles.indices.contains(i) {
            vehicles[i].inject(fault)
            logger.info("fault injected", metadata: ["drone": "\(i)", "fault": "\(fault)"])
        }
    }

    /// A datagram for vehicle `index`.
    func receive(_ index: Int, bytes: ByteBuffer, from remote: SocketAddress) {
        guard vehicles.indices.contains(index) else { return }
        let start = NIODeadline.now()
        defer { statistics.busySeconds += Double((NIODeadline.now() - start).nanoseconds) / 1e9 }
        guard !vehicles[index].linkDown else {
            statistics.droppedByLinkLoss += 1
            return
        }
        remotes[index] = remote
        let frames = parsers[index].parse(bytes.readableBytesView)
        for frame in frames {
            statistics.framesReceived += 1
            if vehicles[index].loseMessage() {
                statistics.droppedByMessageLoss += 1
                continue
            }
            do {
                try vehicles[index].receive(frame, environment: environment)
            } catch {
                statistics.decodeErrors += 1
                logger.debug("undecodable frame", metadata: ["drone": "\(index)", "msgid": "\(frame.messageID)", "error": "\(error)"])
            }
        }
        flush(index)
    }

    /// Sends what vehicle `index` has queued (or drops it while its link is down).
    func flush(_ index: Int) {
        guard !vehicles[index].outbox.isEmpty else { return }
        defer { vehicles[index].clearOutbox() }
        guard let channel = channels[index], let remote = remotes[index] else { return }
        if vehicles[index].linkDown {
            statistics.droppedByLinkLoss += vehicles[index].outbox.frameEnds.count
            return
        }
        let outbox = vehicles[index].outbox
        var start = 0
        for end in outbox.frameEnds {
            defer { start = end }
            if vehicles[index].loseMessage() {
                statistics.droppedByMessageLoss += 1
                continue
            }
            var buffer = channel.allocator.buffer(capacity: end - start)
            buffer.writeBytes(outbox.bytes[start..<end])
            channel.write(AddressedEnvelope(remoteAddress: remote, data: buffer), promise: nil)
            statistics.framesSent += 1
        }
        channel.flush()
    }
}
