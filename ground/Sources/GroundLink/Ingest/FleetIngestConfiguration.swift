import FleetProtocol

/// What the ingest subscribes to and how it batches.
public struct FleetIngestConfiguration: Sendable {
    public var topics: FleetTopics
    /// MQTT v5 shared-subscription group for telemetry (`$share/<group>/...`), so several ground
    /// instances split the stream; nil subscribes to all of it.
    public var shareGroup: String?
    /// Telemetry is applied to the registry and the store per batch of at most this many messages…
    public var batchSize: Int
    /// …or after this long, whichever comes first (bounds how stale /v1/fleet and the history are;
    /// tracking updates do not wait for it).
    public var flushInterval: Duration
    /// Vehicle model used for pickup ETAs and energy per delivery.
    public var vehicle: VehicleProfile

    public init(
        topics: FleetTopics = .default, shareGroup: String? = nil, batchSize: Int = 512,
        flushInterval: Duration = .milliseconds(100), vehicle: VehicleProfile = .default
    ) {
        self.topics = topics
        self.shareGroup = shareGroup
        self.batchSize = max(1, batchSize)
        self.flushInterval = flushInterval
        self.vehicle = vehicle
    }

    /// The subscription filters: telemetry (maybe shared) first, then state, events and replies.
    func filters() throws(ProtocolError) -> (telemetry: String, others: [String]) {
        let telemetry = try shareGroup.map { group throws(ProtocolError) in try topics.sharedFilter(.telemetry, group: group) }
            ?? topics.filter(.telemetry)
        return (telemetry, [topics.filter(.state), topics.filter(.events), topics.filter(.replies)])
    }
}
