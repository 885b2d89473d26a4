import MAVLink

/// What the one stream-rate task of a link does next.
enum StreamRateRequest: Sendable {
    /// The autopilot (re)appeared: ask for every stream the agent reads.
    case agentStreams
    /// Turn one stream off (SET_MESSAGE_INTERVAL -1).
    case silence(UInt32)
    /// Give one stream back its default rate (SET_MESSAGE_INTERVAL 0).
    case restore(UInt32)
}

extension AutopilotLink {
    /// Streams PX4 and ArduPilot send a companion link by default that nothing in the agent reads.
    /// Each frame costs the agent a wakeup (a third of its CPU at 10 Hz is context switching) and the
    /// link bandwidth, so each is turned off once it shows up. Only streams, never answers or events.
    public static let unreadStreams: Set<UInt32> = [
        Attitude.messageID, AttitudeQuaternion.messageID, LocalPositionNed.messageID, VfrHud.messageID,
        SystemTime.messageID, Altitude.messageID, PositionTargetGlobalInt.messageID,
    ]

    /// Called for each frame from the pinned autopilot: an unread stream not yet asked to stop is.
    func silenceIfUnread(_ messageID: UInt32) {
        guard silencesUnreadStreams, !groundStationListening, Self.unreadStreams.contains(messageID),
            silencedStreams.insert(messageID).inserted
        else { return }
        streamRateRequests?.yield(.silence(messageID))
    }

    /// A tunnelled ground station started (true) or stopped (false) listening. It draws its attitude
    /// indicator and HUD from streams the agent turned off, so they get their default rates back while
    /// it listens, and are turned off again as they show up after it left.
    public func groundStationListening(_ listening: Bool) {
        guard listening != groundStationListening else { return }
        groundStationListening = listening
        guard listening else { return }
        for messageID in silencedStreams.sorted() { streamRateRequests?.yield(.restore(messageID)) }
        silencedStreams = []
    }

    /// The streams the agent turned off since the autopilot last appeared.
    public func silencedUnreadStreams() -> Set<UInt32> { silencedStreams }

    func perform(_ request: StreamRateRequest) async {
        switch request {
        case .agentStreams:
            await requestStreams()
        case .silence(let messageID):
            await setMessageInterval(
                messageID, microseconds: -1, purpose: "unread stream turned off", failureLevel: .info)
        case .restore(let messageID):
            await setMessageInterval(
                messageID, microseconds: 0, purpose: "stream restored for a ground station", failureLevel: .info)
        }
    }
}
