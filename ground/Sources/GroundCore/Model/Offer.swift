import FleetProtocol
import Foundation

/// A delivery offered to a drone (`assign` command), stored before the command is sent, so a ground
/// restart between sending and storing the drone's answer can still recognise the flight as its own.
package struct Offer: Sendable, Hashable {
    package enum State: String, Sendable, CaseIterable {
        /// Sent (or about to be); no answer stored yet.
        case outstanding
        /// The drone accepted; the delivery row names the drone.
        case accepted
        /// The drone refused, or its answer did not come in time.
        case rejected
        case expired
        /// Ground took it back (cancel, override, drone offline).
        case withdrawn
        /// The answer was lost (ground restarted) and the drone's own report of flying it was taken as acceptance.
        case adopted
    }

    package var assignmentID: String
    package var deliveryID: String
    package var droneID: String
    package var commandID: String
    package var offeredAt: Date
    package var etaPickup: Date
    package var etaDropoff: Date
    package var state: State
    /// The delivery's ``Delivery/planRevision`` the offer was planned for.
    package var planRevision: Int64
    /// The path around the no-fly zones the drone flies: the one the `assign` carried, then the last
    /// re-route it accepted (nil: straight). Stored so a new leader checks and tracks the flight as flown.
    package var route: Assignment.Route?

    package init(
        assignmentID: String, deliveryID: String, droneID: String, commandID: String, offeredAt: Date,
        etaPickup: Date, etaDropoff: Date, state: State = .outstanding, planRevision: Int64 = 0,
        route: Assignment.Route? = nil
    ) {
        self.assignmentID = assignmentID
        self.deliveryID = deliveryID
        self.droneID = droneID
        self.commandID = commandID
        self.offeredAt = offeredAt
        self.etaPickup = etaPickup
        self.etaDropoff = etaDropoff
        self.state = state
        self.planRevision = planRevision
        self.route = route
    }

    /// The dispatch decision the drone's acceptance stands for.
    package var acceptance: DispatchDecision {
        .scheduled(droneID: droneID, assignmentID: assignmentID, etaPickup: etaPickup, etaDropoff: etaDropoff)
    }

    /// States in which the drone may be flying the assignment with ground's consent.
    package var mayBeFlown: Bool { state == .outstanding || state == .accepted || state == .adopted }
}
