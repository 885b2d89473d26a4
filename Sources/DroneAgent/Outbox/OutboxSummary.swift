import FleetProtocol
import Foundation

/// What the agent's store holds, as `drone-agent outbox` prints it: how far the event log got, what
/// still waits for the broker, and the assignment being flown. Operators and the lab read this
/// instead of the store's tables, so the schema can change without breaking them.
public struct OutboxSummary: Codable, Sendable, Equatable {
    /// Highest eventSeq allocated (0 before the first event).
    public var lastEventSeq: Int64
    /// Events not yet acknowledged by the broker.
    public var pendingEvents: Int
    /// Events the broker refused for good (kept in the store for the operator).
    public var deadLetters: Int
    /// The assignment being executed, nil when idle.
    public var assignmentID: String?
    public var deliveryID: String?
    /// Lifecycle phase of that assignment (`AssignmentPhase` raw value).
    public var phase: String?

    enum CodingKeys: String, CodingKey {
        case lastEventSeq, pendingEvents, deadLetters, phase
        case assignmentID = "assignmentId"
        case deliveryID = "deliveryId"
    }

    /// A drone that has not recorded anything yet (no store file).
    public static let empty = OutboxSummary(lastEventSeq: 0, pendingEvents: 0, deadLetters: 0)

    public init(
        lastEventSeq: Int64, pendingEvents: Int, deadLetters: Int,
        assignmentID: String? = nil, deliveryID: String? = nil, phase: String? = nil
    ) {
        self.lastEventSeq = lastEventSeq
        self.pendingEvents = pendingEvents
        self.deadLetters = deadLetters
        self.assignmentID = assignmentID
        self.deliveryID = deliveryID
        self.phase = phase
    }

    /// Reads the summary through the store's API (each value in its own read; the agent may be running).
    public init(store: AgentStore) throws(AgentStoreError) {
        let current = try store.currentAssignment()
        var assignment: Assignment?
        if let current {
            do { assignment = try JSONDecoder().decode(Assignment.self, from: current.assignment) } catch {
                throw AgentStoreError(operation: "decode the stored assignment", underlying: error)
            }
        }
        self.init(
            lastEventSeq: try store.nextEventSeq() - 1, pendingEvents: try store.pendingCount(),
            deadLetters: try store.deadLetters().count, assignmentID: assignment?.assignmentID,
            deliveryID: assignment?.deliveryID, phase: current?.phase)
    }
}
