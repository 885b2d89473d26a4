import FleetProtocol

/// Optional per-airframe deviations from ``VehicleProfile/default``.
public struct VehicleOverrides: Codable, Sendable, Equatable {
    public var cruiseSpeedMps: Double?
    public var cruiseAltitudeM: Double?
    public var maxPayloadKg: Double?
    public var batteryCapacityWh: Double?
    public var hoverPowerW: Double?
    public var cruisePowerW: Double?

    public init() {}

    /// The SR-Quad profile with these overrides and the agent's reserve applied.
    public func profile(reserveFraction: Double) -> VehicleProfile {
        var profile = VehicleProfile.default
        if let cruiseSpeedMps { profile.cruiseSpeedMps = cruiseSpeedMps }
        if let cruiseAltitudeM { profile.defaultCruiseAltitudeM = cruiseAltitudeM }
        if let maxPayloadKg { profile.maxPayloadKg = maxPayloadKg }
        if let batteryCapacityWh { profile.batteryCapacityWh = batteryCapacityWh }
        if let hoverPowerW { profile.hoverPowerW = hoverPowerW }
        if let cruisePowerW { profile.cruisePowerW = cruisePowerW }
        profile.reserveFraction = reserveFraction
        return profile
    }
}
