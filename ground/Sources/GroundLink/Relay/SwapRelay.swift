import GroundCore
import Logging

/// Sends the swap-list changes the scheduler leader announces to the other instances of its share group
/// (`<prefix>/ground/swaps/<origin>`), so a depot swap stream open on any instance wakes when the leader
/// writes its depot's orders, wherever the leader runs.
package typealias SwapRelay = ChangeRelay<SwapOrderChange>

extension ChangeRelay: SwapOrderChangeSink where Change == SwapOrderChange {}

extension SwapOrderChange: RelayedChange {
    package static var relayKind: String { "swaps" }
    /// Rounds come seconds apart: a broker away for minutes loses the oldest, and the streams' safety
    /// re-read covers them.
    package static var relayQueueCapacity: Int { 100 }
    package func relayTopic(_ topics: GroundRelayTopics, origin: String) -> String { topics.swaps(origin: origin) }
    package func relayMessage(origin: String) -> RelayedSwapChange { RelayedSwapChange(origin: origin, change: self) }
    package var relayMetadata: Logger.Metadata { ["depots": "\(depotIDs.joined(separator: ","))"] }
}
