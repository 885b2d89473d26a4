/// Ground's running view of one drone's event log: how far it is whole, what is stored beyond the first
/// hole, and when the drone was last asked to fill it.
///
/// A hole is normal for a moment (QoS 1 re-sends after a reconnect arrive out of order) and a loss when it
/// stays: the broker acknowledged the event to the drone and delivered it, but ground died before storing
/// it. Then only the drone can help (`resend-events`).
struct EventLogWatch: Sendable {
    private(set) var contiguousThrough: Int64
    private(set) var storedAbove: Set<Int64>
    /// Since when the front of the hole has been waiting (nil: no hole).
    private(set) var holeSince: ContinuousClock.Instant?
    private var lastRequest: ContinuousClock.Instant?
    /// Requests made for the current front of the hole; after ``maxAttempts`` the hole is left alone (the
    /// drone pruned or dead-lettered those events, and says so in its reply).
    private(set) var attempts = 0
    static let maxAttempts = 5

    init(contiguousThrough: Int64, storedAbove: some Sequence<Int64>, now: ContinuousClock.Instant = .now) {
        self.contiguousThrough = contiguousThrough
        self.storedAbove = Set(storedAbove)
        holeSince = self.storedAbove.isEmpty ? nil : now
    }

    var hasHole: Bool { !storedAbove.isEmpty }

    /// Records a newly stored eventSeq.
    mutating func stored(_ seq: Int64, now: ContinuousClock.Instant = .now) {
        if seq == contiguousThrough + 1 {
            contiguousThrough = seq
            while storedAbove.remove(contiguousThrough + 1) != nil { contiguousThrough += 1 }
            // What is left above starts a new wait: its front just became the first hole.
            holeSince = storedAbove.isEmpty ? nil : now
            attempts = 0
        } else if seq > contiguousThrough + 1 {
            storedAbove.insert(seq)
            if holeSince == nil { holeSince = now }
        }
    }

    /// The eventSeq to ask the drone for again when a hole has stayed for `grace` and no request went out
    /// within `retry`; remembers the request.
    mutating func replayRequest(now: ContinuousClock.Instant = .now, grace: Duration, retry: Duration) -> UInt64? {
        guard let since = holeSince, now - since >= grace, attempts < Self.maxAttempts else { return nil }
        if let lastRequest, now - lastRequest < retry { return nil }
        lastRequest = now
        attempts += 1
        return UInt64(contiguousThrough + 1)
    }

    /// Asks once from the end of the whole part, whatever is known above it: after ground restarts, the
    /// last events before the crash may be missing with nothing stored after them to show it.
    mutating func restartRequest(now: ContinuousClock.Instant = .now) -> UInt64 {
        lastRequest = now
        return UInt64(contiguousThrough + 1)
    }
}
