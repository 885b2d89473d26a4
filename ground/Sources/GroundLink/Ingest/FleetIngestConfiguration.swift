import FleetProtocol

/// What the ingest subscribes to and how it batches.
package struct FleetIngestConfiguration: Sendable {
    package var topics: FleetTopics
    /// MQTT v5 shared-subscription group for telemetry (`$share/<group>/...`), so several ground
    /// instances split the stream; nil subscribes to all of it.
    package var shareGroup: String?
    /// Telemetry is applied to the registry and the store per batch of at most this many messages…
    package var batchSize: Int
    /// …or after this long, whichever comes first (bounds how stale /v1/fleet, the fleet stream and the
    /// history are; tracking updates do not wait for it). 50 ms keeps a fleet stream's delay under 100 ms.
    package var flushInterval: Duration
    /// Vehicle model used for pickup ETAs and energy per delivery.
    package var vehicle: VehicleProfile

    package init(
        topics: FleetTopics = .default, shareGroup: String? = nil, batchSize: Int = 512,
        flushInterval: Duration = .milliseconds(50), vehicle: VehicleProfile = .default
    ) {
        self.topics = topics
        self.shareGroup = shareGroup
        self.batchSize = max(1, batchSize)
        self.flushInterval = flushInterval
        self.vehicle = vehicle
    }

    /// The subscription filters: telemetry (maybe shared) first, then state, events, replies and proofs.
    func filters() throws(ProtocolError) -> (telemetry: String, others: [String]) {
        let telemetry =
            try shareGroup.map { group throws(ProtocolError) in try topics.sharedFilter(.telemetry, group: group) }
            ?? topics.filter(.telemetry)
        return (
            telemetry,
            [
                topics.filter(.state), topics.filter(.events), topics.filter(.replies), topics.filter(.proof),
            ]
        )
    }
}
