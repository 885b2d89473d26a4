import FleetProtocol
import Foundation

/// An assignment-progress event from a drone, already decoded and de-duplicated by the ingest.
package struct DroneProgress: Sendable, Hashable {
    package var droneID: String
    package var deliveryID: String
    package var assignmentID: String?
    package var phase: AssignmentPhase
    package var reason: String?
    /// Energy used so far by the assignment (reported with `completed`/`aborted`).
    package var energyUsedWh: Double?
    package var time: Date

    package init(
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
