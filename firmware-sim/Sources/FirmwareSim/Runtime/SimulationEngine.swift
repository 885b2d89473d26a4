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
    /// Per vehicle, its MAVLink instances in `MAVLinkInstance.Role` order (the API link, then the
    /// ground station's link when `gcsBasePort` is set).
    var links: [[MAVLinkInstance]]
    /// Per vehicle, the instance the last mission upload came in on: its re-requests and acks made by
    /// the vehicle's own clock go back there only, as each PX4 instance's MavlinkMissionManager retries
    /// on its own link.
    var missionInstance: [Int]
    var environment: SimulationEnvironment
    /// Simulated seconds since start.
    private(set) var time: Double = 0
    private var pendingFaults: [ScheduledFault]
    private var wallStart: NIODeadline?
    private(set) var statistics = SimulatorStatistics()
    let logger: Logger
    /// `depotOffsets[i][d]`: depot d in vehicle i's local frame, so the per-step site check is a subtraction.
    let depotOffsets: [[NED]]
    /// The cameras' web server, when photos are served over HTTP (`cameraHTTPPort`).
    var cameraWebServer: CameraWebServer?

    /// `remotes[i][role]`: where instance `role` of vehicle i sends before a peer talks.
    init(configuration: SimulatorConfiguration, remotes: [[SocketAddress?]], epochMicros: UInt64, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        vehicles = configuration.homes.indices.map { i in
            Vehicle(
                index: i, systemID: configuration.systemID(of: i), home: configuration.homes[i],
                profile: configuration.profile, rates: configuration.rates, seed: configuration.seed,
                personality: configuration.personality(of: i))
        }
        if configuration.cameraDirectory != nil {
            for i in vehicles.indices { vehicles[i].camera = SimulatedCamera() }
        }
        let silence = TimeAmount.nanoseconds(Int64(configuration.peerSilenceSeconds * 1e9))
        let security = MAVLinkLinkSecurity(
            signingKey: configuration.signingKey,
            acceptsUnsigned: MAVLinkSignatureVerifier.px4UnsignedMessages)
        links = remotes.map { vehicleRemotes in
            vehicleRemotes.enumerated().map { role, remote in
                MAVLinkInstance(
                    role: MAVLinkInstance.Role(rawValue: role) ?? .gcs, remote: remote, silence: silence,
                    security: security)
            }
        }
        missionInstance = Array(repeating: 0, count: remotes.count)
        environment = SimulationEnvironment(
            wind: configuration.wind, gpsNoise: configuration.gpsNoise,
            speed: configuration.speed, epochMicros: epochMicros)
        environment.gust = configuration.gust
        pendingFaults = configuration.faults.sorted { $0.time < $1.time }
        depotOffsets = configuration.homes.map { home in
            let projection = LocalProjection(origin: home)
            return configuration.depots.map { projection.local($0.position) }
        }
        assignPads()
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
            assignPads()
            statistics.steps += 1
        }
        for i in vehicles.indices { writeCaptures(i) }
        statistics.simulatedSeconds = time
        statistics.lagSeconds = max(0, target - time) / environment.speed
        statistics.maxLagSeconds = max(statistics.maxLagSeconds, statistics.lagSeconds)
        for i in vehicles.indices { flush(i) }
        statistics.busySeconds += Double((NIODeadline.now() - now).nanoseconds) / 1e9
        if let cpu = ThreadCPUClock.now() { statistics.cpuSeconds = cpu }
    }

    private func applyDueFaults() {
        // What earlier steps of a lagging tick queued was made while the link was still up: send it
        // before a fault (a link loss) can drop it with the frames made during the outage.
        if let next = pendingFaults.first, next.time <= time {
            for i in vehicles.indices { flush(i) }
        }
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

    /// A datagram for vehicle `index` on its MAVLink instance `instance`.
    func receive(_ index: Int, instance: Int, bytes: ByteBuffer, from remote: SocketAddress) {
        guard vehicles.indices.contains(index), links[index].indices.contains(instance) else { return }
        let start = NIODeadline.now()
        defer { statistics.busySeconds += Double((NIODeadline.now() - start).nanoseconds) / 1e9 }
        guard !vehicles[index].linkDown else {
            statistics.droppedByLinkLoss += 1
            return
        }
        let frames = admit(
            links[index][instance].parser.parseDatagram(bytes.readableBytesView), for: index, instance: instance)
        let role = links[index][instance].role
        if !frames.isEmpty {
            switch links[index][instance].peer.heard(from: remote, at: start) {
            case .peer(changed: true):
                statistics.peerChanges += 1
                logger.info("peer learned", metadata: ["drone": "\(index)", "link": "\(role)", "peer": "\(remote)"])
            case .peer(changed: false):
                break
            case .foreign:
                statistics.foreignDatagrams += 1
                logger.debug(
                    "datagram from a foreign sender",
                    metadata: ["drone": "\(index)", "link": "\(role)", "sender": "\(remote)"])
            }
        }
        for frame in frames {
            statistics.framesReceived += 1
            if frame.messageID == MissionCount.messageID { missionInstance[index] = instance }
            if vehicles[index].loseMessage() {
                statistics.droppedByMessageLoss += 1
                continue
            }
            do {
                try vehicles[index].receive(frame, environment: environment)
            } catch {
                statistics.decodeErrors += 1
                logger.debug(
                    "undecodable frame",
                    metadata: ["drone": "\(index)", "msgid": "\(frame.messageID)", "error": "\(error)"])
            }
        }
        writeCaptures(index)
        flush(index, answering: instance)
    }

    /// The frames a signed link lets through (all of them on an unsigned one), counting the refused.
    private func admit(_ frames: [MAVLinkFrame], for index: Int, instance: Int) -> [MAVLinkFrame] {
        guard var verifier = links[index][instance].verifier else { return frames }
        defer { links[index][instance].verifier = verifier }
        return frames.filter { frame in
            let check = verifier.check(frame)
            if !check.isAccepted {
                statistics.signatureRejected += 1
                logger.debug(
                    "frame refused",
                    metadata: ["drone": "\(index)", "msgid": "\(frame.messageID)", "reason": "\(check)"])
            }
            return check.isAccepted
        }
    }

    /// Messages made while answering one link that still go to every link.
    static let reachesEveryLink: Set<UInt32> = [
        Statustext.messageID, MissionCurrent.messageID, CameraImageCaptured.messageID,
    ]

    /// Mission transfer messages the vehicle makes on its own (re-requests, a timed-out upload's ack).
    static let missionTransfer: Set<UInt32> = [
        MissionRequestInt.messageID, MissionRequest.messageID, MissionAck.messageID,
    ]

    /// Whether a frame goes out on `instance` of vehicle `index`.
    private func reaches(_ instance: Int, of index: Int, messageID: UInt32, answering: Int?) -> Bool {
        if Self.reachesEveryLink.contains(messageID) { return true }
        if let answering { return instance == answering }
        if Self.missionTransfer.contains(messageID) { return instance == missionInstance[index] }
        return true
    }

    /// Sends what vehicle `index` has queued (or drops it while its link is down): to every instance
    /// with somewhere to send, or, for the answers to what came in on instance `answering`, to that
    /// instance only. STATUSTEXT and MISSION_CURRENT still go to all: PX4's mavlink_log and
    /// ArduPilot's `send_text` reach every link, and every PX4 instance's mission manager reports a
    /// changed mission.
    func flush(_ index: Int, answering: Int? = nil) {
        guard !vehicles[index].outbox.isEmpty else { return }
        defer { vehicles[index].clearOutbox() }
        if vehicles[index].linkDown {
            statistics.droppedByLinkLoss += vehicles[index].outbox.frameEnds.count
            return
        }
        let outbox = vehicles[index].outbox
        for instance in links[index].indices {
            guard let channel = links[index][instance].channel, let remote = links[index][instance].peer.address else {
                continue
            }
            var start = 0
            for (n, end) in outbox.frameEnds.enumerated() {
                defer { start = end }
                guard reaches(instance, of: index, messageID: outbox.messageIDs[n], answering: answering) else {
                    continue
                }
                if vehicles[index].loseMessage() {
                    statistics.droppedByMessageLoss += 1
                    continue
                }
                var buffer = channel.allocator.buffer(capacity: end - start + MAVLinkFrame.signatureLength)
                if var signer = links[index][instance].signer {
                    var frame = Array(outbox.bytes[start..<end])
                    defer { links[index][instance].signer = signer }
                    do {
                        try signer.sign(&frame, frameStart: 0)
                    } catch {
                        logger.error("cannot sign frame", metadata: ["drone": "\(index)", "error": "\(error)"])
                        continue
                    }
                    buffer.writeBytes(frame)
                } else {
                    buffer.writeBytes(outbox.bytes[start..<end])
                }
                channel.write(AddressedEnvelope(remoteAddress: remote, data: buffer), promise: nil)
                statistics.framesSent += 1
            }
            channel.flush()
        }
    }
}
