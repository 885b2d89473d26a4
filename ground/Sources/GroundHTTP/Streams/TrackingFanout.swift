import GroundCore
import NIOCore

/// Fan-out of tracking updates to the open `/track` streams, encoded once.
///
/// A delivery with at least one open stream has one subscription to the ``TrackingHub`` and one feed
/// task: each update is encoded to its SSE bytes there, once, and the same `ByteBuffer` (shared
/// storage, no copy) is queued on every stream of that delivery. A stream's queue holds at most
/// ``pendingFrames`` items and drops the oldest first, so a slow reader skips positions (it ends on
/// the newest, and a terminal frame always ends its queue) and never holds back the feed or another
/// stream. One timer for all streams queues a heartbeat on every stream each ``heartbeat`` (one
/// eighth of the deliveries at a time), instead of a timer per stream; a stream checks its access at each heartbeat, so it comes whether or not
/// updates flow.
package actor TrackingFanout {
    private struct Feed {
        let generation: UInt64
        var streams: [UInt64: AsyncStream<SSEStreamItem>.Continuation] = [:]
        /// The hub subscription; awaited by every new stream so no update published after it returns is missed.
        let attached: Task<AsyncStream<TrackingUpdate>, Never>
        var task: Task<Void, Never>?
    }

    private let hub: TrackingHub
    let heartbeat: Duration
    /// Items a stream's queue holds before dropping its oldest.
    let pendingFrames: Int
    private var feeds: [String: Feed] = [:]
    private var counter: UInt64 = 0
    private var ticker: Task<Void, Never>?

    package init(hub: TrackingHub, heartbeat: Duration, pendingFrames: Int = 8) {
        self.hub = hub
        self.heartbeat = heartbeat
        self.pendingFrames = pendingFrames
    }

    /// A stream of one delivery's frames; it finishes after the terminal frame. Returns once the hub
    /// subscription behind it is in place, so a snapshot taken afterwards misses nothing.
    func subscribe(deliveryID: String) async -> AsyncStream<SSEStreamItem> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: SSEStreamItem.self, bufferingPolicy: .bufferingNewest(pendingFrames))
        counter += 1
        let token = counter
        let attached: Task<AsyncStream<TrackingUpdate>, Never>
        if let feed = feeds[deliveryID] {
            attached = feed.attached
            feeds[deliveryID]?.streams[token] = continuation
        } else {
            let hub = self.hub
            attached = Task { await hub.subscribe(deliveryID: deliveryID) }
            var feed = Feed(generation: token, attached: attached)
            feed.streams[token] = continuation
            feed.task = Task { [weak self] in
                for await update in await attached.value {
                    // Encoded here, outside the actor, once for every stream of the delivery.
                    let frame = SSEFrame.update(update)
                    await self?.deliver(frame, last: update.status.isTerminal, to: deliveryID, generation: token)
                }
            }
            feeds[deliveryID] = feed
            startTicker()
        }
        continuation.onTermination = { [weak self] _ in
            Task { await self?.leave(deliveryID: deliveryID, token: token) }
        }
        _ = await attached.value
        return stream
    }

    /// Open streams of a delivery (tests and diagnostics).
    package func streamCount(deliveryID: String) -> Int {
        feeds[deliveryID]?.streams.count ?? 0
    }

    private func deliver(_ frame: ByteBuffer, last: Bool, to deliveryID: String, generation: UInt64) {
        guard let feed = feeds[deliveryID], feed.generation == generation else { return }
        for continuation in feed.streams.values {
            continuation.yield(.frame(frame, last: last))
            if last { continuation.finish() }
        }
        if last {
            feeds[deliveryID] = nil
            stopTickerIfIdle()
        }
    }

    private func leave(deliveryID: String, token: UInt64) {
        guard feeds[deliveryID]?.streams.removeValue(forKey: token) != nil,
            feeds[deliveryID]?.streams.isEmpty == true
        else { return }
        // Ending the feed's iteration ends its hub subscription.
        feeds[deliveryID]?.task?.cancel()
        feeds[deliveryID] = nil
        stopTickerIfIdle()
    }

    /// One of ``heartbeatSlices`` turns of the timer: the deliveries of this slice get their
    /// heartbeats, so 10,000 streams' access checks and writes are spread over the interval.
    private func beat(slice: UInt64) {
        for feed in feeds.values where feed.generation % Self.heartbeatSlices == slice {
            for continuation in feed.streams.values { continuation.yield(.heartbeat) }
        }
    }

    static let heartbeatSlices: UInt64 = 8

    private func startTicker() {
        guard ticker == nil else { return }
        let interval = heartbeat / Int(Self.heartbeatSlices)
        ticker = Task { [weak self] in
            var turn: UInt64 = 0
            while true {
                do { try await Task.sleep(for: interval) } catch { return }
                guard let fanout = self else { return }
                turn += 1
                await fanout.beat(slice: turn % Self.heartbeatSlices)
            }
        }
    }

    private func stopTickerIfIdle() {
        guard feeds.isEmpty else { return }
        ticker?.cancel()
        ticker = nil
    }
}
