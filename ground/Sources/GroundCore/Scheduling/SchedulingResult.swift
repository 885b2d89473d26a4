/// Output of one ``Scheduler`` round.
package struct SchedulingResult: Sendable, Hashable, Codable {
    package var assignments: [ScheduledAssignment]
    /// Delivery id → reason, for every pending delivery without an assignment.
    package var unassigned: [String: UnassignedReason]
    /// Sum of `secondsToPickup` over the assignments.
    package var totalSecondsToPickup: Double
}
