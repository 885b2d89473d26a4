import FleetProtocol
import Logging
import MAVLink

/// The agent's MAVLink link to its flight controller.
///
/// ``run()`` owns the connection: it sends the companion heartbeat at 1 Hz, folds every received frame
/// into ``VehicleState``, declares the autopilot lost when no heartbeat arrives for the configured
/// timeout (and recovered on the next one), and asks for the streams the agent needs each time the
/// autopilot (re)appears. Requests (commands, mission upload) subscribe to the frame stream before
/// sending, so no answer can slip between send and wait. Only the autopilot pinned from its first
/// HEARTBEAT is heard (`AutopilotLink+Endpoint`); with a signing key the link signs and verifies.
public actor AutopilotLink {
    /// Our identity on the link: the vehicle's companion computer (MAV_COMP_ID_ONBOARD_COMPUTER), on the
    /// autopilot's system id once its heartbeat came (1 before).
    public static let systemID: UInt8 = 1
    public static let componentID: UInt8 = 191

    private let endpoint: MAVLinkEndpoint
    private let security: MAVLinkLinkSecurity
    private let heartbeatTimeout: Duration
    private let positionRateHz: Double
    let logger: Logger
    private(set) var connection: MAVLinkConnection?
    /// The autopilot's endpoint once its first HEARTBEAT arrived (see `AutopilotLink+Endpoint`).
    var autopilotPin: AutopilotEndpointPin?
    /// Frames from other senders, systems or components after the autopilot was pinned.
    public internal(set) var strangerFrames = 0
    /// The link's counters as last logged (strangers' datagrams, signature failures).
    public internal(set) var linkStatistics = MAVLinkLinkStatistics()
    var reportedRefusals = 0
    /// Whether this run of the link already asked an unpinned autopilot for its HEARTBEAT
    /// (`AutopilotLink+Endpoint`).
    var heartbeatRequested = false
    private var state = VehicleState()
    private var lastHeartbeat: ContinuousClock.Instant?
    /// Stream-rate work in the order it was asked for (`AutopilotLink+UnreadStreams`): one task sends
    /// every SET_MESSAGE_INTERVAL, so two never wait for the same kind of COMMAND_ACK at once.
    var streamRateRequests: AsyncStream<StreamRateRequest>.Continuation?
    /// Whether streams nothing in the agent reads are turned off as they show up (configuration).
    let silencesUnreadStreams: Bool
    /// Unread streams turned off (or being turned off) on the autopilot since it last appeared.
    var silencedStreams: Set<UInt32> = []
    /// A tunnelled ground station is listening: it reads what the agent does not, so nothing is turned off.
    var groundStationListening = false
    /// Frame subscribers, each with the one message it wants (nil: every frame).
    private var subscribers: [Int: (only: UInt32?, continuation: AsyncStream<MAVLinkFrame>.Continuation)] = [:]
    /// Arrival signals yielded straight into a subscriber's own stream (see ``forwardArrivals(of:to:as:)``).
    private var arrivalForwards: [Int: (messageID: UInt32, yield: @Sendable () -> Void)] = [:]
    private var nextSubscriber = 0
    private var changeSubscribers: [Int: AsyncStream<Void>.Continuation] = [:]
    /// Consumers' own wakeup streams signalled on every change (see ``forwardChanges(to:)``).
    private var changeForwards: [Int: AsyncStream<Void>.Continuation] = [:]
    private var presenceSubscribers: [Int: AsyncStream<Void>.Continuation] = [:]
    /// Frames that failed to decode, for diagnostics.
    public private(set) var undecodableFrames = 0

    /// - Parameters:
    ///   - endpoint: where the autopilot is.
    ///   - heartbeatTimeout: silence after which the autopilot counts as lost (issue: 3 s).
    ///   - positionRateHz: GLOBAL_POSITION_INT rate to request (at least the telemetry rate).
    ///   - security: MAVLink 2 signing of the link (none by default).
    ///   - silencesUnreadStreams: turn off the autopilot's streams the agent does not read as they show up
    ///     (`AutopilotLink+UnreadStreams`).
    public init(
        endpoint: MAVLinkEndpoint, heartbeatTimeout: Duration = .seconds(3), positionRateHz: Double = 10,
        security: MAVLinkLinkSecurity = .none, silencesUnreadStreams: Bool = true, logger: Logger
    ) {
        self.endpoint = endpoint
        self.silencesUnreadStreams = silencesUnreadStreams
        self.security = security
        self.heartbeatTimeout = heartbeatTimeout
        self.positionRateHz = positionRateHz
        self.logger = logger
    }

    /// The current vehicle picture.
    public func snapshot() -> VehicleState { state }

    /// Runs until cancelled.
    public func run() async throws(AutopilotError) {
        let connection: MAVLinkConnection
        do {
            connection = try await MAVLinkConnection.open(endpoint, security: security)
        } catch {
            throw .openFailed(endpoint: endpoint.description, reason: "\(error)")
        }
        self.connection = connection
        heartbeatRequested = false
        logger.info(
            "autopilot link open",
            metadata: [
                "endpoint": "\(endpoint)", "local": "\(connection.localAddress.map { "\($0)" } ?? "serial")",
                "signed": "\(security.signingKey != nil)",
            ])
        let (requests, requested) = AsyncStream.makeStream(of: StreamRateRequest.self)
        streamRateRequests = requested
        silencedStreams = []
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.receive(connection.frames) }
            group.addTask { await self.supervise() }
            // Apart from the receive loop, which delivers the answers the requests wait for.
            group.addTask { for await request in requests { await self.perform(request) } }
            await group.next()
            group.cancelAll()
        }
        streamRateRequests = nil
        for subscriber in subscribers.values { subscriber.continuation.finish() }
        subscribers.removeAll()
        arrivalForwards.removeAll()
        for continuation in changeSubscribers.values { continuation.finish() }
        changeSubscribers.removeAll()
        for continuation in presenceSubscribers.values { continuation.finish() }
        presenceSubscribers.removeAll()
        await connection.close()
        self.connection = nil
    }

    private func receive(_ frames: AsyncStream<ReceivedFrame>) async {
        for await received in frames {
            // A camera of the vehicle (same system, same link) answers camera requests; it is not the
            // autopilot, so its frames go to the requests only.
            if let pin = autopilotPin, pin.isCamera(received) {
                deliver(received.frame)
                continue
            }
            // Only the pinned autopilot's frames count: a stranger's position or heartbeat must neither
            // reach telemetry nor keep a lost autopilot "alive".
            guard await admit(received) else { continue }
            let frame = received.frame
            silenceIfUnread(frame.messageID)
            let before = state
            if !state.apply(frame) { undecodableFrames += 1 }
            if frame.messageID == Heartbeat.messageID {
                lastHeartbeat = .now
                // Alive from this heartbeat on, not from the next supervision pass: telemetry starts
                // (and the streams are asked for) as soon as the autopilot speaks.
                if !state.autopilotAlive {
                    state.autopilotAlive = true
                    logger.info("autopilot heartbeat", metadata: ["sysid": "\(state.systemID)"])
                    // It may have rebooted with its default streams: the unread ones are turned off again
                    // as they show up.
                    silencedStreams = []
                    streamRateRequests?.yield(.agentStreams)
                }
            }
            if state.family != before.family || state.autopilotType != before.autopilotType,
                let type = state.autopilotType
            {
                if let family = state.family {
                    logger.info(
                        "autopilot family", metadata: ["family": "\(family.rawValue)", "autopilot": "\(type.rawValue)"])
                } else {
                    logger.error(
                        "unsupported autopilot: the agent takes no assignments",
                        metadata: ["autopilot": "\(type.rawValue)"])
                }
            }
            deliver(frame)
            if state != before { notifyChange() }
            if state.home != before.home || state.family != before.family || state.autopilotType != before.autopilotType
            {
                for continuation in presenceSubscribers.values { continuation.yield() }
            }
        }
    }

    /// To every subscriber that wants the frame's message.
    private func deliver(_ frame: MAVLinkFrame) {
        for subscriber in subscribers.values where subscriber.only == nil || subscriber.only == frame.messageID {
            subscriber.continuation.yield(frame)
        }
        for forward in arrivalForwards.values where forward.messageID == frame.messageID { forward.yield() }
    }

    /// Heartbeat out at 1 Hz and loss detection (recovery is the receive loop's, on the heartbeat). It
    /// sleeps until the next heartbeat is due or the last one received expires, whichever comes first
    /// (a later heartbeat only moves the expiry: it wakes, finds it not reached and sleeps again).
    private func supervise() async {
        var nextHeartbeat = ContinuousClock.now
        while !Task.isCancelled {
            let now = ContinuousClock.now
            if now >= nextHeartbeat {
                nextHeartbeat = now + .seconds(1)
                await reportRefusals()
                // A UDP listener has nobody to talk to until the autopilot speaks: not an error.
                try? await send(
                    Heartbeat(
                        type: MAVType(rawValue: 18), autopilot: .invalid, baseMode: MAVModeFlag(rawValue: 0),
                        customMode: 0, systemStatus: MAVState(rawValue: 4)))
            }
            if state.autopilotAlive, let lastHeartbeat, ContinuousClock.now - lastHeartbeat >= heartbeatTimeout {
                state.autopilotAlive = false
                notifyChange()
                logger.warning("autopilot lost: no heartbeat", metadata: ["timeout": "\(heartbeatTimeout)"])
            }
            var wake = nextHeartbeat
            if state.autopilotAlive, let lastHeartbeat { wake = min(wake, lastHeartbeat + heartbeatTimeout) }
            try? await Task.sleep(until: wake, clock: .continuous)
        }
    }

    /// Asks for every stream the agent reads (SET_MESSAGE_INTERVAL), and for HOME_POSITION now.
    func requestStreams() async {
        let positionInterval = Float(1e6 / max(positionRateHz, 1))
        var streams: [(UInt32, Float)] = [
            (GlobalPositionInt.messageID, positionInterval), (SysStatus.messageID, 1e6), (BatteryStatus.messageID, 1e6),
            (GPSRawInt.messageID, 5e5), (ExtendedSysState.messageID, 5e5), (MissionCurrent.messageID, 5e5),
            (HomePosition.messageID, 2e6),
        ]
        // ArduPilot's wind estimate is in its EXTRA3 group, which may be off (SRn_EXTRA3 = 0); PX4 streams
        // WIND_COV by itself and does not know WIND.
        if state.family == .ardupilot { streams.append((Wind.messageID, 1e6)) }
        var accepted = 0
        for (id, interval) in streams {
            if await setMessageInterval(id, microseconds: interval, purpose: "agent stream", failureLevel: .warning) {
                accepted += 1
            }
        }
        logger.info(
            "autopilot streams requested", metadata: ["accepted": "\(accepted)", "requested": "\(streams.count)"])
    }

    /// Sends one message from the companion computer.
    public func send(_ message: some MAVLinkMessage) async throws(AutopilotError) {
        guard let connection else { throw .sendFailed(what: type(of: message).messageName, reason: "link not open") }
        do {
            // The companion is a component of the vehicle's system (its autopilot's sysid once heard).
            let system = state.autopilotType == nil ? Self.systemID : state.systemID
            try await connection.send(message, systemID: system, componentID: Self.componentID)
        } catch {
            throw .sendFailed(what: type(of: message).messageName, reason: "\(error)")
        }
    }

    /// A stream of every frame received from now on; ends when the consumer stops.
    func frames() -> AsyncStream<MAVLinkFrame> { frames(only: nil) }

    /// A stream of the frames of one message (`nil`: every frame) received from now on; a subscriber
    /// that wants one message is not woken for the others.
    func frames(only messageID: UInt32?) -> AsyncStream<MAVLinkFrame> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: MAVLinkFrame.self, bufferingPolicy: .bufferingNewest(256))
        let id = nextSubscriber
        nextSubscriber += 1
        subscribers[id] = (messageID, continuation)
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    private func unsubscribe(_ id: Int) { subscribers[id] = nil }

    /// Yields `element` into `continuation` each time a frame of message `messageID` arrives, until
    /// ``stopForwarding(_:)`` or the link's end; returns the forward's id. For a consumer that merges
    /// the arrivals with wakeups of its own: the signal lands in its stream directly, without a relay
    /// task in between (one scheduling hop less on the way from the autopilot to the ground).
    func forwardArrivals<Element: Sendable>(
        of messageID: UInt32, to continuation: AsyncStream<Element>.Continuation, as element: Element
    ) -> Int {
        let id = nextSubscriber
        nextSubscriber += 1
        arrivalForwards[id] = (messageID, { _ = continuation.yield(element) })
        return id
    }

    func stopForwarding(_ id: Int) { arrivalForwards[id] = nil }

    /// Wakes (at most one pending signal each) whenever the vehicle picture changed; ends with the link.
    public func changes() -> AsyncStream<Void> { signals(.change) }

    /// Wakes (at most one pending signal each) when what the online state names of the vehicle (its
    /// home, its autopilot) changed; ends with the link. Not on every position, as ``changes()`` is.
    public func presenceChanges() -> AsyncStream<Void> { signals(.presence) }

    private enum Signal { case change, presence }

    /// A subscriber's wakeup stream of one kind, at most one pending signal, removed when it ends.
    private func signals(_ kind: Signal) -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = nextSubscriber
        nextSubscriber += 1
        switch kind {
        case .change: changeSubscribers[id] = continuation
        case .presence: presenceSubscribers[id] = continuation
        }
        continuation.onTermination = { _ in Task { await self.unsubscribe(id, from: kind) } }
        return stream
    }

    private func unsubscribe(_ id: Int, from kind: Signal) {
        switch kind {
        case .change: changeSubscribers[id] = nil
        case .presence: presenceSubscribers[id] = nil
        }
    }

    /// Yields into `continuation` (a consumer's own wakeup stream, which it keeps after the link ends)
    /// whenever the vehicle picture changed, until ``stopForwardingChanges(_:)``: no relay task between
    /// the link and a consumer woken on every change.
    func forwardChanges(to continuation: AsyncStream<Void>.Continuation) -> Int {
        let id = nextSubscriber
        nextSubscriber += 1
        changeForwards[id] = continuation
        return id
    }

    func stopForwardingChanges(_ id: Int) { changeForwards[id] = nil }

    private func notifyChange() {
        for continuation in changeSubscribers.values { continuation.yield() }
        for continuation in changeForwards.values { continuation.yield() }
    }

    /// Resets mission progress after a new mission was accepted (the old reached items are history).
    func missionReplaced(count: Int) {
        state.mission = MissionProgress(
            current: 0, total: state.adapter?.reportedTotal(uploaded: count) ?? count, state: 2,
            highestReached: nil, reported: true)
        notifyChange()
    }
}
