import GroundCore

/// The last round's plan as new bookings are quoted against it: every drone free at the end of its
/// planned queue (and of the bookings quoted onto it since), with the energy it has left then. A new
/// booking goes where ``DayPlanner`` puts it among those drones, with the planner's own cost, so its quote
/// is what a round would give it at the end of the queues. The next round re-optimises and replaces the
/// book.
struct QuoteBook {
    /// The round's planner, with its zones and battery floor.
    let planner: DayPlanner
    /// The round's weather holds: a held booking is queued, as the round would queue it.
    let gate: WeatherGate
    /// Each drone as the planner sees it at the end of its queue.
    private(set) var drones: [PlannerDrone]
    private let index: [String: Int]
    /// Jobs ahead of a new one on each drone (the plan's, then the quotes since).
    private(set) var queued: [Int]
    /// Drones with nothing on board and nothing queued: a job due now on one of them is left to the round,
    /// which offers it (the booking's 201).
    private var idle: Set<String>

    /// Where a booking goes in the book.
    enum Quote {
        /// At the end of a drone's queue, not due now: answered at once.
        case planned(PlannedJob)
        /// Left to the round: due now on an idle drone (the round offers it), express (the round plans it
        /// ahead of standard jobs), or late at the end of the queues (the round orders it by its due time).
        case round
        /// No drone can take it.
        case unplaced(UnassignedReason)
    }

    /// `drones` as the round planned them (busy ones free where their flight ends), `queues` the round's plan,
    /// `busy` the drones with a flight or an offer out.
    init(
        planner: DayPlanner, gate: WeatherGate, drones: [PlannerDrone], queues: [String: [PlannedJob]],
        busy: Set<String>, now: Double
    ) {
        self.planner = planner
        self.gate = gate
        var ends = drones
        var queued = [Int](repeating: 0, count: drones.count)
        var idle: Set<String> = []
        for position in ends.indices {
            let queue = queues[ends[position].id] ?? []
            for job in queue { ends[position] = Self.free(ends[position], after: job, depots: planner.depots) }
            // A due head on an idle drone was offered by the round: the drone is busy with it, not queued.
            let offered = queue.first.map { $0.isDue(now: now) && !busy.contains(ends[position].id) } ?? false
            queued[position] = queue.count - (offered ? 1 : 0)
            if queue.isEmpty, !busy.contains(ends[position].id), ends[position].availableAt <= now {
                idle.insert(ends[position].id)
            }
        }
        self.drones = ends
        self.queued = queued
        self.idle = idle
        index = Dictionary(ends.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Places `job` with ``DayPlanner/plan(now:drones:deliveries:)`` over the drones at their queue ends and
    /// appends it to the queue it goes to, so the next booking queues behind it.
    mutating func quote(_ job: PlannerJob, now: Double) -> Quote {
        // The end of the queues is where a round puts a new standard job; not an express one.
        guard job.priority == .standard else { return .round }
        let plan = planner.plan(now: now, drones: drones, deliveries: [job])
        guard let (droneID, queue) = plan.queues.first, var planned = queue.first, let position = index[droneID]
        else { return .unplaced(plan.unplaced[job.id] ?? .noDroneAvailable) }
        let due = idle.contains(droneID) && planned.isDue(now: now)
        planned.queueIndex = queued[position]
        // Held for the round or not, the next booking queues behind it.
        append(planned)
        return due || planned.lateSeconds > 0 ? .round : .planned(planned)
    }

    /// Puts `job` at the end of its drone's queue.
    mutating func append(_ job: PlannedJob) {
        guard let position = index[job.droneID] else { return }
        drones[position] = Self.free(drones[position], after: job, depots: planner.depots)
        queued[position] += 1
        idle.remove(job.droneID)
    }

    /// The drone free again after flying `job`: at home when the job returns, with the energy it launched
    /// with (recharged first if the plan said so) less the mission's.
    static func free(_ drone: PlannerDrone, after job: PlannedJob, depots: [Depot]) -> PlannerDrone {
        var next = drone
        let capacity = drone.profile.batteryCapacityWh
        var energy = drone.energyWh
        if job.rechargeSeconds > 0 {
            if let depot = depots.first(where: { $0.depotID == job.depotID }) {
                energy = depot.energyAfterCharging(fromWh: energy, seconds: job.rechargeSeconds, capacityWh: capacity)
            } else {
                // No depot: the plan waited for the drone's reported ready time (a full pack).
                energy = capacity
            }
        }
        next.energyWh = max(0, energy - job.missionEnergyWh)
        next.position = drone.home
        next.availableAt = job.returnAt
        // Its pack is no longer on a pad now; at home after the job the planner puts it on one if it has a depot.
        next.chargeState = nil
        next.readyAt = nil
        return next
    }
}
