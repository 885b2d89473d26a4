import Foundation

/// Tells this instance's depot swap streams which depots' lists changed: changes the scheduler leader
/// wrote here (``announce(_:)``, also relayed to the other instances) and, with several instances,
/// those the leader relays from elsewhere (``applyRelayed(_:)``).
///
/// It carries depot ids only: a woken stream reads the list from the store, so a signal that is lost
/// or comes twice costs a late or an extra read, never a wrong list.
package actor SwapOrderSignal {
    /// Sends changes announced here to the other instances (nil: alone).
    private var relay: (any SwapOrderChangeSink)?
    private var subscribers: [UUID: AsyncStream<SwapOrderChange>.Continuation] = [:]

    package init() {}

    /// Sends every change announced here to the other instances through `sink`.
    package func relay(to sink: any SwapOrderChangeSink) { relay = sink }

    /// The leader wrote swap orders of these depots: every instance's streams of them look again.
    package func announce(_ change: SwapOrderChange) {
        guard !change.depotIDs.isEmpty else { return }
        relay?.send(change)
        publish(change)
    }

    /// A change another instance announced: this instance's streams look again.
    package func applyRelayed(_ change: SwapOrderChange) { publish(change) }

    /// Every change from now on (announced here or relayed), until the caller stops iterating. A
    /// subscriber that falls behind loses the oldest changes first; its streams' safety re-read
    /// catches up.
    package func changes() -> AsyncStream<SwapOrderChange> {
        let (stream, continuation) = AsyncStream<SwapOrderChange>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    /// Subscribers listening (tests and diagnostics).
    package var subscriberCount: Int { subscribers.count }

    private func unsubscribe(_ id: UUID) { subscribers[id] = nil }

    private func publish(_ change: SwapOrderChange) {
        for continuation in subscribers.values { continuation.yield(change) }
    }
}
