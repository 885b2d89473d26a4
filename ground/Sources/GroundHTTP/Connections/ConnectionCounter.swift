import Synchronization

/// Open HTTP connections per client address, shared by every connection's ``ConnectionGuardHandler``.
/// A lock, not an actor: it is updated from NIO event loops, synchronously, at accept and close.
package final class ConnectionCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    let limit: Int

    package init(limit: Int) {
        self.limit = limit
    }

    /// Counts a new connection from `address`, or refuses it (not counted) when the address is at the limit.
    func open(_ address: String) -> Bool {
        counts.withLock { counts in
            let current = counts[address, default: 0]
            guard current < limit else { return false }
            counts[address] = current + 1
            return true
        }
    }

    func close(_ address: String) {
        counts.withLock { counts in
            let remaining = counts[address, default: 0] - 1
            counts[address] = remaining > 0 ? remaining : nil
        }
    }

    /// Open connections of `address` (tests and diagnostics).
    package func count(_ address: String) -> Int { counts.withLock { $0[address, default: 0] } }
}
