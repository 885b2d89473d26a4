/// Where the swap-list changes announced on this instance go for the other instances of a share group
/// (the MQTT `SwapRelay` in GroundLink), so their depot swap streams wake too. The domain only hands the
/// change over; how it travels is the link's concern.
package protocol SwapOrderChangeSink: Sendable {
    /// Queues one change; never waits on the transport.
    func send(_ change: SwapOrderChange)
}
