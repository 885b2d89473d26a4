import FleetProtocol

/// A drone as the scheduler sees it in one round (a snapshot of live fleet state).
package struct AvailableDrone: Sendable, Hashable, Codable {
    package var id: String
    package var position: GeoPoint
    package var home: GeoPoint
    /// State of charge, 0...100 %.
    package var batteryPercent: Double
    /// The drone's own performance and energy model (what its agent accepts assignments with).
    package var profile: VehicleProfile
    package var online: Bool
    package var busy: Bool

    package init(
        id: String, position: GeoPoint, home: GeoPoint, batteryPercent: Double,
        profile: VehicleProfile = .default, online: Bool = true, busy: Bool = false
    ) {
        self.id = id
        self.position = position
        self.home = home
        self.batteryPercent = batteryPercent
        self.profile = profile
        self.online = online
        self.busy = busy
    }

    package var maxPayloadKg: Double { profile.maxPayloadKg }
    /// Usable energy left, Wh.
    package var remainingWh: Double { EnergyModel(vehicle: profile).energyWh(atPercent: batteryPercent) }

    var isCandidate: Bool { online && !busy }
}
