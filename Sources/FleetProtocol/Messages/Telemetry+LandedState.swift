extension Telemetry {
    /// MAVLink `MAV_LANDED_STATE`.
    public enum LandedState: String, Codable, CaseIterable, Hashable, Sendable {
        case unknown, onGround, inAir, takingOff, landing
    }
}
