import FleetProtocol
import Foundation

/// A command sent to a drone whose reply has not arrived yet.
struct OutstandingCommand: Sendable {
    enum Purpose: Sendable {
        /// Offer of a delivery; the ETAs are what the round promised.
        case assign(deliveryID: String, assignmentID: String, etaPickup: Date, etaDropoff: Date)
        /// Cancel, recall or land-now; a waiting operator request is resumed with the answer.
        case control
        /// `resend-events` for a hole in the drone's event log (the ingest asks again if it stays).
        case eventReplay(fromSeq: UInt64)
        /// A new route around a no-fly zone for a flight in progress.
        case reroute(deliveryID: String, assignmentID: String, zoneID: String, route: Assignment.Route)
    }

    var commandID: String
    var droneID: String
    var purpose: Purpose
    var deadline: ContinuousClock.Instant

    var deliveryID: String? {
        if case let .assign(deliveryID, _, _, _) = purpose { return deliveryID }
        return nil
    }

    /// Whether this is a reroute of `assignmentID` still waiting for its answer.
    func reroutes(_ assignmentID: String) -> Bool {
        if case let .reroute(_, rerouted, _, _) = purpose { return rerouted == assignmentID }
        return false
    }
}
