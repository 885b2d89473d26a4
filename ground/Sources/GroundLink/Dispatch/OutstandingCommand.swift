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
    }

    var commandID: String
    var droneID: String
    var purpose: Purpose
    var deadline: ContinuousClock.Instant

    var deliveryID: String? {
        if case let .assign(deliveryID, _, _, _) = purpose { return deliveryID }
        return nil
    }
}
