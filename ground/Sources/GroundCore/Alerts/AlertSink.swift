/// Where a newly opened alert is also sent beyond the operators' stream (the operator pager webhook).
package protocol AlertSink: Sendable {
    /// Hands the alert over; never waits on the transport.
    func alertOpened(_ alert: Alert) async
}
