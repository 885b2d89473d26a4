import Foundation

/// Keys the store verified a moment ago, by their SHA-256, so a burst of requests with one key costs one
/// store read instead of one each.
///
/// Only keys that verified are kept (an unknown key always goes to the store, so guessing cannot fill
/// the cache). An entry lives ``lifetime``: a rotation made through this instance forgets every entry at
/// once (``forgetAll()``); one made through another instance sharing the database is seen here at most
/// ``lifetime`` later. A replaced key's grace end travels with its entry, so the grace is kept to the
/// instant whatever the lifetime.
package actor VerifiedKeyCache {
    struct Entry {
        /// Compared again on a hit in constant time, as the store lookup does.
        var keyHash: String
        var authentication: Authentication
        var verifiedAt: ContinuousClock.Instant
    }

    /// How long a verification is trusted without asking the store again.
    package nonisolated let lifetime: Duration
    /// Most keys kept; at the limit the oldest entry goes.
    package nonisolated let capacity: Int
    var entries: [String: Entry] = [:]
    /// Counts ``forgetAll()`` calls: a verification read from the store before a forget must not be
    /// remembered after it (it may be of the key the change replaced).
    var generation: UInt64 = 0

    /// What the cache knows of a key: its authentication, or the generation to remember a fresh one under.
    enum Lookup {
        case hit(Authentication)
        case miss(generation: UInt64)
    }

    /// Two seconds: under load every key is read about once per two seconds per instance, and a key
    /// rotated or replaced through another instance stops being trusted here that soon.
    package init(lifetime: Duration = .seconds(2), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = max(1, capacity)
    }

    /// The authentication stored for `keyHash` if it was verified less than ``lifetime`` ago.
    func lookup(keyHash: String, now: ContinuousClock.Instant) -> Lookup {
        guard let entry = entries[keyHash] else { return .miss(generation: generation) }
        guard now - entry.verifiedAt < lifetime, APIKey.constantTimeEquals(entry.keyHash, keyHash) else {
            entries[keyHash] = nil
            return .miss(generation: generation)
        }
        return .hit(entry.authentication)
    }

    /// Keeps a verification made by a store read that started at `generation` (dropped when a key
    /// changed since).
    func remember(
        _ authentication: Authentication, keyHash: String, generation: UInt64, at now: ContinuousClock.Instant
    ) {
        guard lifetime > .zero, generation == self.generation else { return }
        if entries[keyHash] == nil, entries.count >= capacity {
            entries = entries.filter { now - $0.value.verifiedAt < lifetime }
            if entries.count >= capacity, let oldest = entries.min(by: { $0.value.verifiedAt < $1.value.verifiedAt }) {
                entries[oldest.key] = nil
            }
        }
        entries[keyHash] = Entry(keyHash: keyHash, authentication: authentication, verifiedAt: now)
    }

    /// Drops every entry: a key changed, and the next request with any key is verified by the store.
    package func forgetAll() {
        generation &+= 1
        entries.removeAll()
    }

    /// Keys held now (tests and diagnostics).
    package var count: Int { entries.count }
}
