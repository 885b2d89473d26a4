import Foundation

/// One pack swap a swap depot's staff must do: fleet control's work list for the depot
/// (`GET /v1/depots/{depotId}/swaps`). Derived by ``SwapOrderBook`` from the day plan and telemetry.
package struct SwapOrder: Sendable, Hashable {
    package enum State: String, Codable, Sendable, Hashable, CaseIterable {
        /// Planned: the drone is not on the depot yet (flying its current job, or elsewhere).
        case waiting
        /// The drone is landed and disarmed at the depot: change its pack now.
        case due
        /// Telemetry shows the pack being exchanged.
        case swapping
        /// Telemetry shows a full pack after the order was due: nothing left to do.
        case done
        /// No longer needed before it was done (the plan dropped it, or the drone left without a swap).
        case cancelled

        /// Whether staff still has something to do (or will have).
        package var isOpen: Bool { self == .waiting || self == .due || self == .swapping }
    }

    package var id: String
    package var droneID: String
    package var depotID: String
    /// The delivery that waits for the fresh pack (the drone's next planned job), if one does.
    package var deliveryID: String?
    /// When the pack must be in: the planned launch of the drone's next job. nil: no job waits yet (a drone
    /// landed low is swapped ahead of its next job).
    package var neededBy: Date?
    package var state: State
    /// The pack's charge when the order last changed, percent.
    package var batteryPercent: Double?
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        id: String, droneID: String, depotID: String, deliveryID: String? = nil, neededBy: Date? = nil,
        state: State, batteryPercent: Double? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.droneID = droneID
        self.depotID = depotID
        self.deliveryID = deliveryID
        self.neededBy = neededBy
        self.state = state
        self.batteryPercent = batteryPercent
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
