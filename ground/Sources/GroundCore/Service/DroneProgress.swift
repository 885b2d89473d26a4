import FleetProtocol
import Foundation

/// An assignment-progress event from a drone, already decoded and de-duplicated by the ingest.
public struct DroneProgress: Sendable, Hashable {
    public var droneID: String
    public var deliveryID: String
    public var assignmentID: String?
    public var phase: AssignmentPhase
    public var reason: String?
    /// Energy used so far by the assignment (reported with `completed`/`aborted`).
    public var energyUsedWh: Double?
    public var time: Date

    public init(
        droneID: String, deliveryID: String, assignmentID: String? = nil, phase: AssignmentPhase,
        reason: String? = nil, energyUsedWh: Double? = nil, time: Date
    ) {
        self.droneID = droneID
        self.deliveryID = deliveryID
        self.assignmentID = assignmentID
        self.phase = phase
        self.reason = reason
        self.energyUsedWh = energyUsedWh
        self.time = time
    }
}
