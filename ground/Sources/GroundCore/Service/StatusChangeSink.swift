/// Where the delivery service sends each status change it makes, for the other instances of a share
/// group (the MQTT ``StatusRelay`` in GroundLink). The domain only hands the change over; how it
/// travels is the link's concern, so the dependency points from the link to the domain.
package protocol StatusChangeSink: Sendable {
    /// Queues one status change; never waits on the transport.
    func send(_ update: TrackingUpdate)
}
