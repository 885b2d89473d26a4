import FleetProtocol

/// A drone as the day planner sees it: when and where it can next launch, and with how much energy.
/// An idle drone is available now where it is; a busy one where and when its current job ends (at
/// home), with the energy it will have left then.
package struct PlannerDrone: Sendable, Hashable {
    package var id: String
    package var home: GeoPoint
    /// Where it launches from when next available (home for a drone still flying a job).
    package var position: GeoPoint
    package var profile: VehicleProfile
    /// Seconds since epoch when it is next free (≤ now: idle).
    package var availableAt: Double
    /// Usable energy when it is next free, Wh.
    package var energyWh: Double
    /// Its pack's state from telemetry, when reported.
    package var chargeState: Telemetry.Battery.ChargeState?
    /// When the drone reported it will be ready (fully charged or swapped), seconds since epoch.
    package var readyAt: Double?

    package init(
        id: String, home: GeoPoint, position: GeoPoint? = nil, profile: VehicleProfile = .default,
        availableAt: Double, energyWh: Double, chargeState: Telemetry.Battery.ChargeState? = nil,
        readyAt: Double? = nil
    ) {
        self.id = id
        self.home = home
        self.position = position ?? home
        self.profile = profile
        self.availableAt = availableAt
        self.energyWh = energyWh
        self.chargeState = chargeState
        self.readyAt = readyAt
    }

    /// An idle drone at a state of charge (percent of its pack).
    package init(
        idle id: String, at position: GeoPoint, home: GeoPoint? = nil, batteryPercent: Double,
        profile: VehicleProfile = .default, now: Double
    ) {
        self.init(
            id: id, home: home ?? position, position: position, profile: profile, availableAt: now,
            energyWh: EnergyModel(vehicle: profile).energyWh(atPercent: batteryPercent))
    }

    /// Whether the pack is on a pad now (charging, being swapped, or full and waiting).
    var onPad: Bool { chargeState == .charging || chargeState == .swapping || chargeState == .full }
}
