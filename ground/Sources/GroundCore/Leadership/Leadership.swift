/// Whether this instance may run scheduler rounds. With several ground-control instances exactly
/// one leads (``PostgresLeaderLock``); a lone instance always does (``SoleLeader``).
public protocol Leadership: Sendable {
    var isLeader: Bool { get async }
}

/// The single-instance case (SQLite): this instance is always the leader.
public struct SoleLeader: Leadership {
    public init() {}
    public var isLeader: Bool { true }
}
