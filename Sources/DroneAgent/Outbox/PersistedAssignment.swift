import Foundation
import GRDB

/// The assignment the agent is executing, with its phase, persisted before each action.
public struct PersistedAssignment: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "assignment"

    /// Always 1: there is at most one current assignment.
    public var id: Int64 = 1
    /// Encoded assignment message as received.
    public var assignment: Data
    /// Lifecycle phase raw value.
    public var phase: String
    /// Executor-private JSON (mission size, abort reason, cancel target ...).
    public var missionState: Data
    /// Milliseconds since the epoch of the last update.
    public var updatedAt: Int64

    public init(assignment: Data, phase: String, missionState: Data, updatedAt: Int64) {
        self.assignment = assignment
        self.phase = phase
        self.missionState = missionState
        self.updatedAt = updatedAt
    }
}
