import Foundation

/// Fan-out of tracking updates to per-delivery subscribers.
///
/// Each subscriber gets a bounded stream keeping only the newest updates: a slow SSE client then
/// misses intermediate positions instead of growing memory, which is what a live map wants.
package actor TrackingHub {
    private var subscribers: [String: [UUID: AsyncStream<TrackingUpdate>.Continuation]] = [:]
    private let bufferSize: Int

    package init(bufferSize: Int = 32) {
        self.bufferSize = bufferSize
    }

    /// A stream of updates for one delivery; it finishes after an update with a terminal status.
    package func subscribe(deliveryID: String) -> AsyncStream<TrackingUpdate> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: TrackingUpdate.self, bufferingPolicy: .bufferingNewest(bufferSize))
        let token = UUID()
        subscribers[deliveryID, default: [:]][token] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.remove(deliveryID: deliveryID, token: token) }
        }
        return stream
    }

    /// Sends `update` to every subscriber of its delivery, closing their streams on a terminal status.
    package func publish(_ update: TrackingUpdate) {
        guard let group = subscribers[update.deliveryID] else { return }
        for continuation in group.values {
            continuation.yield(update)
            if update.status.isTerminal { continuation.finish() }
        }
        if update.status.isTerminal { subscribers[update.deliveryID] = nil }
    }

    /// Number of open subscriptions for a delivery (for metrics and tests).
    package func subscriberCount(deliveryID: String) -> Int {
        subscribers[deliveryID]?.count ?? 0
    }

    private func remove(deliveryID: String, token: UUID) {
        subscribers[deliveryID]?[token] = nil
        if subscribers[deliveryID]?.isEmpty == true { subscribers[deliveryID] = nil }
    }
}
