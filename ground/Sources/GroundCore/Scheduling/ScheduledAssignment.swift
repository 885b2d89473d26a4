/// One delivery given to one drone by a scheduling round.
package struct ScheduledAssignment: Sendable, Hashable, Codable {
    package var deliveryID: String
    package var droneID: String
    /// Seconds from now until the drone has landed at the pickup (the minimised cost).
    package var secondsToPickup: Double
    /// Absolute times (seconds since epoch) of pickup landing and payload release.
    package var etaPickup: Double
    package var etaDropoff: Double
    /// Energy the whole mission needs, Wh (without reserve).
    package var missionEnergyWh: Double
    /// Route parameters from the drone's profile, sent in the assignment so the agent checks and flies
    /// exactly the route that was costed.
    package var cruiseAltitudeM: Double
    package var loadingSeconds: Double

    package init(
        deliveryID: String, droneID: String, secondsToPickup: Double, etaPickup: Double, etaDropoff: Double,
        missionEnergyWh: Double, cruiseAltitudeM: Double, loadingSeconds: Double
    ) {
        self.deliveryID = deliveryID
        self.droneID = droneID
        self.secondsToPickup = secondsToPickup
        self.etaPickup = etaPickup
        self.etaDropoff = etaDropoff
        self.missionEnergyWh = missionEnergyWh
        self.cruiseAltitudeM = cruiseAltitudeM
        self.loadingSeconds = loadingSeconds
    }
}
