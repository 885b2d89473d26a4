import FleetProtocol
import GroundCore

/// Today's dispatcher: one optimal ``Scheduler`` round over the idle drones and every waiting booking, at
/// every event. It knows nothing of windows, deadlines or priorities (a booking for later launches now and
/// waits at the pickup), and a waiting booking gets its first ETA only when a drone is assigned.
struct IdleOnlyDispatcher: DayDispatcher {
    let name = "idle-only optimal (today)"
    let scheduler = Scheduler()

    mutating func decide(_ world: DayWorld) -> DayDecision {
        let idle = world.drones.filter(\.isIdle)
        guard !idle.isEmpty, !world.open.isEmpty else { return DayDecision() }
        let drones = idle.map {
            AvailableDrone(
                id: String($0.index), position: $0.home, home: $0.home, batteryPercent: $0.batteryPercent,
                profile: world.profile)
        }
        let pending = world.open.map {
            PendingDelivery(
                id: String($0.index), pickup: $0.booking.pickup, dropoff: $0.booking.dropoff,
                payloadKg: $0.booking.payloadKg, requestedAt: $0.booking.bookedAtS)
        }
        let round = scheduler.schedule(deliveries: pending, drones: drones, now: world.nowS)
        var decision = DayDecision()
        for assignment in round.assignments {
            guard let drone = Int(assignment.droneID), let delivery = Int(assignment.deliveryID) else { continue }
            decision.launches.append((drone, delivery))
            decision.quotes[delivery] = assignment.etaDropoff
        }
        return decision
    }
}
