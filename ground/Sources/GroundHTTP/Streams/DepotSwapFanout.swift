import GroundAPIModel
import GroundCore
import Logging
import NIOCore

/// The lists of `GET /v1/depots/{depotId}/swaps/stream`, read once per depot for every open stream.
///
/// A depot with at least one open stream has one feed: a task that reads the depot's list from the
/// store each time it is woken, and hands a changed list, encoded once, to every stream of that depot
/// that has not had it yet. Feeds wake on the ``SwapOrderSignal`` (the scheduler leader wrote the
/// depot's orders, on this instance or relayed from another), when a stream joins (its first list),
/// and every ``resync`` as a safety net for a lost relay message. A feed reads one list at a time, so
/// the lists it hands out never go back in time. One timer for every stream sends a heartbeat on a
/// stream that was sent nothing for ``heartbeat``; it sleeps until the next heartbeat or re-read is due.
package actor DepotSwapFanout {
    private struct Stream {
        let continuation: AsyncStream<SSEStreamItem>.Continuation
        /// The feed's reads begun before the stream joined: their lists may predate it.
        let joinedAfter: UInt64
        /// The list last sent (nil: none yet, the next read's list is its first).
        var sent: DepotSwapsResponse?
        var lastWrite: ContinuousClock.Instant
    }

    private struct Feed {
        let depot: Depot
        let generation: UInt64
        var streams: [UInt64: Stream] = [:]
        /// One pending wake-up at most: wake-ups during a read make one read after it.
        let wake: AsyncStream<Void>.Continuation
        var task: Task<Void, Never>?
        var readsBegun: UInt64 = 0
        /// When the timer wakes the feed next (safety re-read, or retry after a failed read).
        var nextRead: ContinuousClock.Instant
    }

    private let store: any GroundStore
    private let signal: SwapOrderSignal
    let heartbeat: Duration
    /// Longest time between two reads of a depot with open streams, whatever the signal says.
    let resync: Duration
    /// Time before a failed read is tried again.
    let retry: Duration
    private let logger: Logger
    private var feeds: [String: Feed] = [:]
    private var counter: UInt64 = 0
    /// The signal subscription, made once and kept for the fanout's life; awaited by every new stream
    /// so no change announced after it joined is missed.
    private var attached: Task<AsyncStream<SwapOrderChange>, Never>?
    private var watcher: Task<Void, Never>?
    private var ticker: Task<Void, Never>?
    /// Lists read from the store (tests: one read per change per depot, not one per stream).
    package private(set) var reads = 0

    package init(
        store: any GroundStore, signal: SwapOrderSignal, heartbeat: Duration, resync: Duration,
        retry: Duration = .seconds(1), logger: Logger = Logger(label: "skyrelay.ground.swaps")
    ) {
        self.store = store
        self.signal = signal
        self.heartbeat = heartbeat
        self.resync = resync
        self.retry = retry
        self.logger = logger
    }

    /// A stream of the depot's lists: the current one first, then each change, with heartbeats on
    /// quiet time. Returns once the signal subscription is in place.
    func subscribe(depot: Depot) async -> AsyncStream<SSEStreamItem> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: SSEStreamItem.self, bufferingPolicy: .bufferingNewest(Self.pendingItems))
        let changes = attach()
        counter += 1
        let token = counter
        let depotID = depot.depotID
        if feeds[depotID] == nil {
            let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            var feed = Feed(depot: depot, generation: token, wake: wake, nextRead: .now + resync)
            feed.task = Task { [weak self] in
                for await _ in wakes {
                    guard let fanout = self else { return }
                    await fanout.read(depotID, generation: token)
                }
            }
            feeds[depotID] = feed
            startTicker()
        }
        let joinedAfter = feeds[depotID]?.readsBegun ?? 0
        feeds[depotID]?.streams[token] = Stream(
            continuation: continuation, joinedAfter: joinedAfter, sent: nil, lastWrite: .now)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.leave(depotID: depotID, token: token) }
        }
        _ = await changes.value
        feeds[depotID]?.wake.yield()
        return stream
    }

    /// Open streams of a depot (tests and diagnostics).
    package func streamCount(depotID: String) -> Int { feeds[depotID]?.streams.count ?? 0 }

    /// Items a stream's queue holds before dropping its oldest (each frame is a whole list).
    static let pendingItems = 4

    /// The signal subscription, made by the first stream.
    private func attach() -> Task<AsyncStream<SwapOrderChange>, Never> {
        if let attached { return attached }
        let signal = self.signal
        let subscription = Task { await signal.changes() }
        attached = subscription
        watcher = Task { [weak self] in
            for await change in await subscription.value {
                guard let fanout = self else { return }
                await fanout.wake(change.depotIDs)
            }
        }
        return subscription
    }

    private func wake(_ depotIDs: [String]) {
        for depotID in depotIDs { feeds[depotID]?.wake.yield() }
    }

    /// Reads one depot's list and sends it to each of its streams that joined before the read began
    /// and was not sent this list last.
    private func read(_ depotID: String, generation: UInt64) async {
        guard var feed = feeds[depotID], feed.generation == generation else { return }
        feed.readsBegun += 1
        let readNumber = feed.readsBegun
        feeds[depotID] = feed
        let orders: [SwapOrder]
        do { orders = try await store.swapOrders(depotID: depotID) } catch {
            feeds[depotID]?.nextRead = .now + min(retry, resync)
            // The timer sleeps until the next heartbeat or re-read it knew of; the retry may come first.
            restartTicker()
            logger.warning(
                "depot swap list not read; streams keep their last list",
                metadata: ["depot": "\(depotID)", "error": "\(error)"])
            return
        }
        reads += 1
        guard let current = feeds[depotID], current.generation == generation else { return }
        feeds[depotID]?.nextRead = .now + resync
        let list = DepotSwapsResponse(depot: current.depot, orders: orders)
        var frame: ByteBuffer?
        let now = ContinuousClock.now
        for (token, stream) in current.streams where stream.joinedAfter < readNumber && stream.sent != list {
            let bytes = frame ?? SSEFrame.event("swaps", list)
            frame = bytes
            stream.continuation.yield(.frame(bytes, last: false))
            feeds[depotID]?.streams[token]?.sent = list
            feeds[depotID]?.streams[token]?.lastWrite = now
        }
    }

    /// One turn of the timer: feeds due for their safety re-read are woken, and quiet streams get a heartbeat.
    private func tick() {
        let now = ContinuousClock.now
        for (depotID, feed) in feeds {
            if now >= feed.nextRead {
                feeds[depotID]?.nextRead = now + resync
                feed.wake.yield()
            }
            for (token, stream) in feed.streams where now - stream.lastWrite >= heartbeat {
                stream.continuation.yield(.heartbeat)
                feeds[depotID]?.streams[token]?.lastWrite = now
            }
        }
    }

    private func leave(depotID: String, token: UInt64) {
        guard feeds[depotID]?.streams.removeValue(forKey: token) != nil,
            let feed = feeds[depotID], feed.streams.isEmpty
        else { return }
        feed.wake.finish()
        feed.task?.cancel()
        feeds[depotID] = nil
        guard feeds.isEmpty else { return }
        ticker?.cancel()
        ticker = nil
    }

    private func startTicker() {
        guard ticker == nil else { return }
        // The timer sleeps until the first heartbeat or re-read due, not on a fixed beat: an idle
        // instance with a few open streams wakes once per heartbeat, not several times a second.
        ticker = Task { [weak self] in
            while let next = await self?.nextDue() {
                do { try await Task.sleep(until: next, clock: .continuous) } catch { return }
                guard let fanout = self else { return }
                await fanout.tick()
            }
        }
    }

    private func restartTicker() {
        ticker?.cancel()
        ticker = nil
        startTicker()
    }

    /// The first moment a feed is due for its re-read or a stream for its heartbeat (nil: no feed).
    private func nextDue() -> ContinuousClock.Instant? {
        var next: ContinuousClock.Instant?
        for feed in feeds.values {
            next = min(next ?? feed.nextRead, feed.nextRead)
            for stream in feed.streams.values {
                let beat = stream.lastWrite + heartbeat
                next = min(next ?? beat, beat)
            }
        }
        return next
    }
}
