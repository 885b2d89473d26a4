/// Whether this instance may run scheduler rounds. With several ground-control instances exactly
/// one leads (``PostgresLeaderLock`` in GroundStore); a lone instance always does (``SoleLeader``).
package protocol Leadership: Sendable {
    var isLeader: Bool { get async }
    /// The new value of ``isLeader`` at each change, so the dispatcher starts or stops its rounds at
    /// once instead of looking again and again.
    func changes() async -> AsyncStream<Bool>
}

/// The single-instance case (SQLite): this instance is always the leader.
package struct SoleLeader: Leadership {
    package init() {}
    package var isLeader: Bool { true }
    /// Never changes: the stream stays silent until its reader stops.
    package func changes() -> AsyncStream<Bool> { AsyncStream { _ in } }
}
