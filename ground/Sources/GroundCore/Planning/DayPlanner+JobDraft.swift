extension DayPlanner {
    /// A delivery placed on a drone while the search weighs it: ``PlannedJob``'s figures without its ids
    /// and place in the queue, which the chosen one gets (``planned(deliveryID:droneID:queueIndex:depots:)``).
    /// Plain numbers, so that the many drafts the search weighs and drops copy no strings.
    struct JobDraft {
        var launchAt: Double
        var etaPickup: Double
        var etaDropoff: Double
        var returnAt: Double
        var rechargeSeconds: Double
        /// Index in ``DayPlanner/depots`` of the depot it recharges at before the job.
        var depot: Int?
        var missionEnergyWh: Double
        var lateSeconds: Double
        var marginSeconds: Double
        var cruiseAltitudeM: Double
        var loadingSeconds: Double

        func planned(deliveryID: String, droneID: String, queueIndex: Int, depots: [Depot]) -> PlannedJob {
            PlannedJob(
                deliveryID: deliveryID, droneID: droneID, queueIndex: queueIndex, launchAt: launchAt,
                etaPickup: etaPickup, etaDropoff: etaDropoff, returnAt: returnAt, rechargeSeconds: rechargeSeconds,
                depotID: depot.map { depots[$0].depotID }, missionEnergyWh: missionEnergyWh,
                lateSeconds: lateSeconds, marginSeconds: marginSeconds, cruiseAltitudeM: cruiseAltitudeM,
                loadingSeconds: loadingSeconds)
        }
    }
}
