/// The output of one ``DayPlanner`` run: every drone's queue and the deliveries no drone can take.
package struct DayPlan: Sendable, Hashable {
    /// Drone id → its jobs in flying order (drones without a job are left out).
    package var queues: [String: [PlannedJob]]
    /// Delivery id → why no drone can fly it.
    package var unplaced: [String: UnassignedReason]

    package init(queues: [String: [PlannedJob]] = [:], unplaced: [String: UnassignedReason] = [:]) {
        self.queues = queues
        self.unplaced = unplaced
    }

    /// Delivery id → its place in the plan.
    package var jobs: [String: PlannedJob] {
        var byID: [String: PlannedJob] = [:]
        for queue in queues.values { for job in queue { byID[job.deliveryID] = job } }
        return byID
    }

    /// Queue heads whose launch time has come: the only jobs that are sent to drones.
    package func due(now: Double) -> [PlannedJob] {
        queues.values.compactMap { $0.first }.filter { $0.isDue(now: now) }.sorted { $0.launchAt < $1.launchAt }
    }

    /// The earliest launch still to come (to wake the dispatcher then).
    package func nextLaunch(after now: Double) -> Double? {
        queues.values.compactMap { $0.first?.launchAt }.filter { $0 > now }.min()
    }
}
