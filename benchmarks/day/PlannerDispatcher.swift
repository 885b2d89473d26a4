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

    init(depots: [DayDemand.Depot], promiseRule: DayPlanner.PromiseRule? = nil) {
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
        for (deliveryID, job) in plan.jobs {
            guard let delivery = Int(deliveryID) else { continue }
            decision.quotes[delivery] = job.etaDropoff
            if promised[delivery] == nil { promised[delivery] = job.etaDropoff }
            previousDrone[delivery] = job.droneID
        }
        for job in plan.due(now: world.nowS) {
            guard let drone = Int(job.droneID), let delivery = Int(job.deliveryID), world.drones[drone].isIdle else {
                continue
            }
            decision.launches.append((drone, delivery))
        }
        // Ground's dispatcher wakes for the next planned launch; so does this one.
        decision.wakeAtS = plan.nextLaunch(after: world.nowS)
        return decision
    }
}
