/// What the vehicle does after an assignment is aborted.
public enum AbortAction: String, Codable, Sendable {
    /// Nothing to command (not flying yet, or the autopilot already acts on its own failsafe).
    case none
    /// Return to launch and land there.
    case returnHome
    /// Land where the vehicle is.
    case landHere
    /// Fly the package back to the pickup, leave it there, then return home.
    case returnToPickup
}
