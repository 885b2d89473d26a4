/// Whether this instance may run scheduler rounds. With several ground-control instances exactly
/// one leads (``PostgresLeaderLock`` in GroundStore); a lone instance always does (``SoleLeader``).
public protocol Leadership: Sendable {
    var isLeader: Bool { get async }
    /// The new value of ``isLeader`` at each change, so the dispatcher starts or stops its rounds at
    /// once instead of looking again and again.
    func changes() async -> AsyncStream<Bool>
}

/// The single-instance case (SQLite): this instance is always the leader.
public struct SoleLeader: Leadership {
    public init() {}
    public var isLeader: Bool { true }
    /// Never changes: the stream stays silent until its reader stops.
    public func changes() -> AsyncStream<Bool> { AsyncStream { _ in } }
}
