/// What the ingest keeps of one drone's telemetry stream, in one dictionary entry so a sample costs
/// one lookup rather than one per concern.
struct TelemetryStream {
    /// Highest seq taken from the broker by this instance.
    var lastSeq: UInt64?
    /// Highest seq applied to the live view (registry, ETA), from this instance's share or relayed by
    /// another instance; equals `lastSeq` when the instance is alone.
    var liveSeq: UInt64?
    /// Time (seconds since 1970) of the last sample handed to the store for the history.
    var handedToStore: Double?

    /// What became of one sample taken from the broker (see ``take(_:at:historyInterval:)``).
    struct Taken {
        /// The sample goes to the store's history.
        var keptForHistory: Bool
        /// The sample is newer than what the live view shows.
        var advancesLive: Bool
    }

    /// Takes a sample from the broker numbered `seq` and taken at `time`: nil if stale, else whether it
    /// goes to the history and to the live view. One call on the dictionary entry, so a sample costs one
    /// lookup of its drone.
    mutating func take(_ seq: UInt64, at time: Double, historyInterval: Double) -> Taken? {
        guard takes(seq) else { return nil }
        let keptForHistory = keepsForHistory(at: time, interval: historyInterval)
        // Another instance may already have relayed a newer sample of this drone: history keeps this
        // one, the live view does not go back.
        return Taken(keptForHistory: keptForHistory, advancesLive: advancesLive(seq))
    }

    /// Whether a sample numbered `seq` is new, and if so takes it. QoS 0 may reorder across reconnects;
    /// a restarted agent starts again from 1, so only a small step back counts as stale.
    mutating func takes(_ seq: UInt64) -> Bool {
        if Self.isStale(seq, after: lastSeq) { return false }
        lastSeq = seq
        return true
    }

    /// Whether a sample numbered `seq` is newer than what the live view shows (same stale rule).
    mutating func advancesLive(_ seq: UInt64) -> Bool {
        if Self.isStale(seq, after: liveSeq) { return false }
        liveSeq = seq
        return true
    }

    /// Whether a sample taken at `time` goes to the store. The store keeps at most one sample per drone
    /// per `interval` (``TelemetryRetentionPolicy/sampleInterval``); a sample closer than that after the
    /// last one handed over would be dropped there anyway, so it is dropped here, before its row is
    /// built and before the store reads the drone's latest stored time. An older sample (reordered, or a
    /// restarted agent) is left for the store to judge.
    mutating func keepsForHistory(at time: Double, interval: Double) -> Bool {
        guard interval > 0 else { return true }
        if let last = handedToStore, time >= last, time < last + interval { return false }
        handedToStore = time
        return true
    }

    private static func isStale(_ seq: UInt64, after last: UInt64?) -> Bool {
        guard let last else { return false }
        return seq <= last && last - seq < 1_000
    }
}
