/// Output of one ``Scheduler`` round.
public struct SchedulingResult: Sendable, Hashable, Codable {
    public var assignments: [ScheduledAssignment]
    /// Delivery id → reason, for every pending delivery without an assignment.
    public var unassigned: [String: UnassignedReason]
    /// Sum of `secondsToPickup` over the assignments.
    public var totalSecondsToPickup: Double
}
