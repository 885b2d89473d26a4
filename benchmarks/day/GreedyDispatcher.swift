import FleetProtocol

/// A greedy nearest-free-drone dispatcher, as simple fleet tools do it: bookings in order (express first,
/// then by window start), each to the idle drone that reaches its pickup soonest and can fly it. It launches
/// a booking only when the drone would not arrive before the window opens, and quotes at launch.
struct GreedyDispatcher: DayDispatcher {
    let name = "greedy nearest free drone"
    static let longestReachS = 1_800.0

    mutating func decide(_ world: DayWorld) -> DayDecision {
        var idle = world.drones.filter(\.isIdle)
        guard !idle.isEmpty else { return DayDecision() }
        let ordered = world.open.sorted {
            ($0.booking.priority == .express ? 0 : 1, $0.booking.windowStartS)
                < ($1.booking.priority == .express ? 0 : 1, $1.booking.windowStartS)
        }
        var decision = DayDecision()
        let model = EnergyModel(vehicle: world.profile)
        for open in ordered {
            guard !idle.isEmpty else { break }
            // No drone of a city-sized fleet needs more than this to reach a pickup: skip bookings far ahead.
            if open.booking.windowStartS - world.nowS > Self.longestReachS { continue }
            var best: (slot: Int, pickupS: Double, dropoffS: Double)?
            for (slot, drone) in idle.enumerated() {
                let route = RoutePlan(
                    home: drone.home, pickup: open.booking.pickup, dropoff: open.booking.dropoff,
                    payloadKg: open.booking.payloadKg, vehicle: world.profile)
                let arrival =
                    world.nowS + (model.estimate(route).leg(.toPickup)?.durationS ?? 0) - route.loadingSeconds
                // Too early: a later decision launches it.
                if arrival < open.booking.windowStartS { continue }
                guard
                    let job = DaySimulation.job(
                        open.booking, from: drone.home, launchS: world.nowS, batteryPercent: drone.batteryPercent,
                        profile: world.profile)
                else { continue }
                if best == nil || job.pickupS < best!.pickupS { best = (slot, job.pickupS, job.dropoffS) }
            }
            guard let best else { continue }
            decision.launches.append((idle[best.slot].index, open.index))
            decision.quotes[open.index] = best.dropoffS
            idle.remove(at: best.slot)
        }
        return decision
    }
}
