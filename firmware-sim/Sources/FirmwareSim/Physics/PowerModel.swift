/// Electrical power of the vehicle for a flight condition, from the SR-Quad numbers.
///
/// Hover costs more than cruise (translational lift), so power falls linearly from hover to cruise
/// power as airspeed rises to cruise speed and grows again above it; payload and climbing add on top.
public struct PowerModel: Sendable, Hashable {
    public let profile: AirframeModel

    public init(profile: AirframeModel) {
        self.profile = profile
    }

    /// Watts drawn at `airspeed` m/s, climbing at `climbRate` m/s (positive up), with `payload` kg.
    public func power(armed: Bool, flying: Bool, airspeed: Double, climbRate: Double, payload: Double) -> Double {
        guard armed else { return profile.avionicsPower }
        guard flying else { return profile.avionicsPower + profile.armedIdlePower }
        let ratio = airspeed / profile.cruiseSpeed
        let base =
            ratio <= 1
            ? profile.hoverPower + (profile.cruisePower - profile.hoverPower) * ratio
            : profile.cruisePower + (profile.hoverPower - profile.cruisePower) * (ratio - 1)
        let climb = climbRate > 0 ? profile.climbPower * min(1, climbRate / profile.climbRate) : 0
        return profile.avionicsPower + base + profile.payloadPowerPerKg * payload + climb
    }
}
