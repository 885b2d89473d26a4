import FleetProtocol

/// A drone as the scheduler sees it in one round (a snapshot of live fleet state).
public struct AvailableDrone: Sendable, Hashable, Codable {
    public var id: String
    public var position: GeoPoint
    public var home: GeoPoint
    /// State of charge, 0...100 %.
    public var batteryPercent: Double
    /// The drone's own performance and energy model (what its agent accepts assignments with).
    public var profile: VehicleProfile
    public var online: Bool
    public var busy: Bool

    public init(id: String, position: GeoPoint, home: GeoPoint, batteryPercent: Double,
                profile: VehicleProfile = .default, online: Bool = true, busy: Bool = false) {
        self.id = id
        self.position = position
        self.home = home
        self.batteryPercent = batteryPercent
        self.profile = profile
        self.online = online
        self.busy = busy
    }

    public var maxPayloadKg: Double { profile.maxPayloadKg }
    /// Usable energy left, Wh.
    public var remainingWh: Double { EnergyModel(vehicle: profile).energyWh(atPercent: batteryPercent) }

    var isCandidate: Bool { online && !busy }
}
