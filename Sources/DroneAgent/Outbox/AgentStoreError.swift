/// A failure of the agent's SQLite store, with the operation that failed and the underlying cause.
public struct AgentStoreError: Error, CustomStringConvertible {
    /// What the store was doing (`open`, `migrate`, `append event` ...).
    public var operation: String
    /// The GRDB/SQLite error (carries the SQL when there is one).
    public var underlying: any Error

    public var description: String { "agent store \(operation) failed: \(underlying)" }
}
