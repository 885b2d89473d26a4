/// Where every alert change made on this instance goes for the other instances of a share group (the
/// MQTT `AlertRelay` in GroundLink), so each instance's alert stream shows every change. The domain
/// only hands the change over; how it travels is the link's concern.
package protocol AlertChangeSink: Sendable {
    /// Queues one change (opened, acknowledged or resolved); never waits on the transport.
    func send(_ alert: Alert)
}
