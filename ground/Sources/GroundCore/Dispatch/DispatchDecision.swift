import Foundation

/// The dispatcher's answer to a new delivery.
package enum DispatchDecision: Sendable, Hashable {
    /// A drone took it: HTTP 201 with the ETAs.
    case scheduled(droneID: String, assignmentID: String, etaPickup: Date, etaDropoff: Date)
    /// No feasible drone now: HTTP 202, the reason is visible in the delivery's status.
    case queued(reason: String)
    /// Not launched yet, but in the day plan: a drone's queue holds it with these ETAs (± `marginSeconds`).
    /// HTTP 202 with the ETAs; the delivery stays `requested` and `reason` says which drone and when.
    case planned(droneID: String, etaPickup: Date, etaDropoff: Date, marginSeconds: Double, reason: String)
}
