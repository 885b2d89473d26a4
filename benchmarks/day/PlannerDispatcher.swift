import FleetProtocol
import GroundCore

/// The rolling day planner (GroundCore's ``DayPlanner``), as ground's dispatcher runs it: a fresh plan over
/// every open booking and every drone (busy ones free when they are back) at each decision, launching only
/// the due heads of idle drones' queues, and quoting every booking's dropoff from its first plan on.
struct PlannerDispatcher: DayDispatcher {
    var name = "rolling day planner"
    var planner: DayPlanner
    /// Last plan's drone per booking, for the planner's hysteresis.
    private var previousDrone: [Int: String] = [:]
    /// The first dropoff quoted per booking: the promise the planner keeps (ground keeps it as the delivery's
    /// initial ETA).
    private var promised: [Int: Double] = [:]
    /// Quotes a job not launched at once with slack learned from recent slips (ground's dispatcher does the
    /// same with the hold on); nil: the plan's dropoff as it stands.
    private var quoter: PromiseQuoter?

    init(
        depots: [DayDemand.Depot], promiseRule: DayPlanner.PromiseRule? = nil,
        quoter: PromiseQuoter.Configuration? = nil
    ) {
        planner = DayPlanner(
            depots: depots.map {
                Depot(
                    depotID: $0.depotID, lat: $0.lat, lon: $0.lon, pads: $0.pads, chargePowerW: $0.chargePowerW,
                    swapSeconds: $0.swapSeconds, mode: $0.mode == .swap ? .swap : .charge)
            })
        // The day is measured on its promise error, so promises are kept from the early side too (ground's
        // `--promise-hold`; off by default there).
        planner.holdsForPromise = true
        if let promiseRule {
            planner.promiseRule = promiseRule
            name = "rolling day planner, promises first"
        }
        if let quoter {
            self.quoter = PromiseQuoter(quoter)
            name += ", learned slack"
        }
    }

    mutating func decide(_ world: DayWorld) -> DayDecision {
        guard !world.open.isEmpty else { return DayDecision() }
        let model = EnergyModel(vehicle: world.profile)
        // A drone on a pad reports it as the agent does (charging or swapping); the planner works out when
        // it is full from the depot's charger.
        let drones = world.drones.map {
            PlannerDrone(
                id: String($0.index), home: $0.home, profile: world.profile, availableAt: $0.freeAtS,
                energyWh: model.energyWh(atPercent: $0.batteryPercent), chargeState: $0.onPad ? .charging : nil)
        }
        let jobs = world.open.map {
            PlannerJob(
                id: String($0.index), pickup: $0.booking.pickup, dropoff: $0.booking.dropoff,
                payloadKg: $0.booking.payloadKg, requestedAt: $0.booking.bookedAtS,
                earliestPickup: $0.booking.windowStartS, latestPickup: $0.booking.windowEndS,
                deadline: $0.booking.deadlineS, priority: $0.booking.priority == .express ? .express : .standard,
                previousDrone: previousDrone[$0.index], promisedDropoff: promised[$0.index])
        }
        let plan = planner.plan(now: world.nowS, drones: drones, deliveries: jobs)
        var decision = DayDecision()
        previousDrone.removeAll(keepingCapacity: true)
        var launching: [(drone: Int, job: PlannedJob)] = []
        for job in plan.due(now: world.nowS) {
            guard let drone = Int(job.droneID), world.drones[drone].isIdle else { continue }
            launching.append((drone, job))
        }
        let launchingIDs = Set(launching.map(\.job.deliveryID))
        let jobByID = Dictionary(uniqueKeysWithValues: jobs.map { ($0.id, $0) })
        for (deliveryID, job) in plan.jobs {
            guard let delivery = Int(deliveryID) else { continue }
            if promised[delivery] == nil {
                // A job flown now is quoted as planned: no hold can land it later.
                if !launchingIDs.contains(deliveryID), let plannerJob = jobByID[deliveryID],
                    let quote = quoter?.quote(job, for: plannerJob, now: world.nowS)
                {
                    promised[delivery] = quote
                } else {
                    promised[delivery] = job.etaDropoff
                }
            }
            decision.quotes[delivery] = promised[delivery]
            previousDrone[delivery] = job.droneID
        }
        for (drone, job) in launching {
            guard let delivery = Int(job.deliveryID) else { continue }
            decision.launches.append((drone, delivery))
            if let promise = promised[delivery] {
                quoter?.launched(deliveryID: job.deliveryID, promise: promise, plannedDropoff: job.etaDropoff)
            }
        }
        // Ground's dispatcher wakes for the next planned launch; so does this one.
        decision.wakeAtS = plan.nextLaunch(after: world.nowS)
        return decision
    }
}
