import Foundation

/// A delivery offered to a drone (`assign` command), stored before the command is sent, so a ground
/// restart between sending and storing the drone's answer can still recognise the flight as its own.
public struct Offer: Sendable, Hashable {
    public enum State: String, Sendable, CaseIterable {
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

    public var assignmentID: String
    public var deliveryID: String
    public var droneID: String
    public var commandID: String
    public var offeredAt: Date
    public var etaPickup: Date
    public var etaDropoff: Date
    public var state: State

    public init(
        assignmentID: String, deliveryID: String, droneID: String, commandID: String, offeredAt: Date,
        etaPickup: Date, etaDropoff: Date, state: State = .outstanding
    ) {
        self.assignmentID = assignmentID
        self.deliveryID = deliveryID
        self.droneID = droneID
        self.commandID = commandID
        self.offeredAt = offeredAt
        self.etaPickup = etaPickup
        self.etaDropoff = etaDropoff
        self.state = state
    }

    /// The dispatch decision the drone's acceptance stands for.
    public var acceptance: DispatchDecision {
        .scheduled(droneID: droneID, assignmentID: assignmentID, etaPickup: etaPickup, etaDropoff: etaDropoff)
    }

    /// States in which the drone may be flying the assignment with ground's consent.
    public var mayBeFlown: Bool { state == .outstanding || state == .accepted || state == .adopted }
}
