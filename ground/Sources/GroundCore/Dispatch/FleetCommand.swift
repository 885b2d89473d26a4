/// Operator commands a drone can receive.
package enum FleetCommand: String, Codable, Sendable, Hashable {
    /// Return to home.
    case recall
    /// Land where it is.
    case landNow = "land-now"
}
