import FleetProtocol
import Foundation

/// Flies a ``DayDemand`` in simulated time under one ``DayDispatcher``: drones fly by FleetProtocol's
/// ``EnergyModel`` (the agent's own acceptance model), wait on the ground at a pickup until its window
/// opens, return to their depot and charge on a pad (power with a taper above 80 %) or have the pack swapped;
/// a depot has a limited number of pads and drones queue for them.
struct DaySimulation {
    struct Outcome {
        var deliveryIndex: Int
        var droneIndex: Int
        var launchS: Double
        var pickupS: Double
        var dropoffS: Double
    }
    struct Sample: Encodable {
        var timeS: Double
        var inFlight: Int
        var queued: Int
        var meanBatteryPercent: Double
        var minBatteryPercent: Double
    }
    struct Result {
        var outcomes: [Int: Outcome] = [:]
        var firstQuote: [Int: Double] = [:]
        /// When each first quote was given.
        var firstQuoteAtS: [Int: Double] = [:]
        var decideSeconds: [(open: Int, seconds: Double)] = []
        var refusedLaunches = 0
        var samples: [Sample] = []
        var endS: Double = 0
    }

    private enum Activity {
        /// On the ground at its depot; `chargeFromS`/`chargeFromPercent` anchor the charge curve while on a pad.
        case ground(onPad: Bool, fromS: Double, fromPercent: Double)
        /// Waiting for a pad at its depot.
        case waitingForPad(sinceS: Double, percent: Double)
        /// Flying a job; back at the depot at `returnS` with `percentAfter`.
        case flying(returnS: Double, percentAfter: Double)
    }

    let demand: DayDemand
    let profile: VehicleProfile
    let tickS: Double
    /// The dispatcher is consulted at least this often even when nothing happened.
    let idleDecideS: Double
    private var activity: [Activity]
    private var padsInUse: [Int]
    private let homes: [GeoPoint]
    private let depotOf: [Int]

    init(demand: DayDemand, profile: VehicleProfile = .default, tickS: Double = 10, idleDecideS: Double = 60) {
        self.demand = demand
        self.profile = profile
        self.tickS = tickS
        self.idleDecideS = idleDecideS
        let depotIndex = Dictionary(uniqueKeysWithValues: demand.depots.enumerated().map { ($1.depotID, $0) })
        depotOf = demand.drones.map { depotIndex[$0.depotID] ?? 0 }
        homes = depotOf.map { demand.depots[$0].point }
        activity = Array(repeating: .ground(onPad: false, fromS: 0, fromPercent: 100), count: demand.drones.count)
        padsInUse = Array(repeating: 0, count: demand.depots.count)
    }

    /// Charge while on a pad from `fromPercent` at `fromS` until `t`, with firmware-sim's charger (Battery.charge):
    /// the depot's power up to 80 %, then the constant-voltage phase accepts power falling with the remaining
    /// charge, `(1 − soc) / 0.2` of it, down to a floor of 5 %; or a swap to 100 % after the swap time.
    private func percent(onPadFrom fromS: Double, _ fromPercent: Double, at t: Double, depot: DayDemand.Depot) -> Double
    {
        let elapsed = max(0, t - fromS)
        switch depot.mode {
        case .swap:
            return elapsed >= depot.swapSeconds ? 100 : fromPercent
        case .charge:
            let rate = depot.chargePowerW / profile.batteryCapacityWh / 3600 * 100 // % per second at full power
            var soc = fromPercent, left = elapsed
            if soc < 80 {
                let toKnee = (80 - soc) / rate
                if left <= toKnee { return soc + left * rate }
                soc = 80
                left -= toKnee
            }
            if soc < 99 {
                // d(soc)/dt = rate · (100 − soc) / 20: exponential approach until acceptance reaches its floor at 99 %.
                let toFloor = log((100 - soc) / 1) * 20 / rate
                if left <= toFloor { return 100 - (100 - soc) * exp(-rate * left / 20) }
                soc = 99
                left -= toFloor
            }
            return min(100, soc + left * rate * 0.05)
        }
    }

    private func batteryNow(_ drone: Int, at t: Double) -> Double {
        switch activity[drone] {
        case let .ground(onPad, fromS, fromPercent):
            return onPad
                ? percent(onPadFrom: fromS, fromPercent, at: t, depot: demand.depots[depotOf[drone]]) : fromPercent
        case let .waitingForPad(_, percent): return percent
        case let .flying(_, after): return after
        }
    }

    /// The plan of one job launched at `launchS` from home: (arrival at pickup, pickup done, release, back home,
    /// energy Wh), or nil when the drone's battery cannot cover it with the reserve (the agent would refuse).
    static func job(
        _ booking: DayDemand.Booking, from home: GeoPoint, launchS: Double, batteryPercent: Double,
        profile: VehicleProfile
    ) -> (pickupS: Double, dropoffS: Double, returnS: Double, energyWh: Double)? {
        let model = EnergyModel(vehicle: profile)
        let route = RoutePlan(
            home: home, pickup: booking.pickup, dropoff: booking.dropoff, payloadKg: booking.payloadKg,
            vehicle: profile)
        let estimate = model.estimate(route)
        guard estimate.isFeasible(availableWh: model.energyWh(atPercent: batteryPercent)) else { return nil }
        let toPickup = estimate.leg(.toPickup)?.durationS ?? 0
        let arrival = launchS + toPickup - route.loadingSeconds
        let pickupDone = max(arrival, booking.windowStartS) + route.loadingSeconds
        let dropoff = pickupDone + (estimate.leg(.toDropoff)?.durationS ?? 0)
        let back = dropoff + (estimate.leg(.toHome)?.durationS ?? 0)
        return (pickupDone, dropoff, back, estimate.totalEnergyWh)
    }

    mutating func run(_ dispatcher: inout some DayDispatcher, sampleEveryS: Double = 300) -> Result {
        var result = Result()
        let bookings = demand.deliveries
        var nextBooking = 0
        var open: [Int] = []
        var lastDecide = -Double.infinity
        // A dispatcher that asked to be woken for a launch (and a refused launch, retried on the next tick).
        var wakeAt = Double.infinity
        var nextSample = 0.0
        let clock = ContinuousClock()
        let dayEnd = demand.hours * 3600
        let hardEnd = dayEnd + 4 * 3600
        var t = 0.0
        while t <= hardEnd {
            var changed = false
            while nextBooking < bookings.count, bookings[nextBooking].bookedAtS <= t {
                open.append(nextBooking)
                nextBooking += 1
                changed = true
            }
            for drone in activity.indices {
                let depotIndex = depotOf[drone]
                let depot = demand.depots[depotIndex]
                switch activity[drone] {
                case let .flying(returnS, after) where returnS <= t:
                    activity[drone] = .waitingForPad(sinceS: returnS, percent: after)
                    changed = true
                case let .ground(true, fromS, fromPercent):
                    if percent(onPadFrom: fromS, fromPercent, at: t, depot: depot) >= 100 {
                        padsInUse[depotIndex] -= 1
                        activity[drone] = .ground(onPad: false, fromS: t, fromPercent: 100)
                        changed = true
                    }
                default: break
                }
            }
            // Pads go to the drones that have waited longest.
            let waiting = activity.indices.compactMap { drone -> (Int, Double)? in
                if case let .waitingForPad(since, _) = activity[drone] { return (drone, since) }
                return nil
            }.sorted { $0.1 < $1.1 }
            for (drone, _) in waiting {
                let depotIndex = depotOf[drone]
                guard case let .waitingForPad(_, percent) = activity[drone] else { continue }
                if percent >= 100 {
                    activity[drone] = .ground(onPad: false, fromS: t, fromPercent: percent)
                } else if padsInUse[depotIndex] < demand.depots[depotIndex].pads {
                    padsInUse[depotIndex] += 1
                    activity[drone] = .ground(onPad: true, fromS: t, fromPercent: percent)
                }
            }

            if changed || t - lastDecide >= idleDecideS || t >= wakeAt {
                lastDecide = t
                let world = DayWorld(
                    nowS: t,
                    drones: activity.indices.map { drone in
                        switch activity[drone] {
                        case let .flying(returnS, after):
                            return .init(
                                index: drone, droneID: demand.drones[drone].droneID, home: homes[drone],
                                depotIndex: depotOf[drone], freeAtS: returnS, batteryPercent: after, isIdle: false)
                        case let .ground(onPad, _, _):
                            return .init(
                                index: drone, droneID: demand.drones[drone].droneID, home: homes[drone],
                                depotIndex: depotOf[drone], freeAtS: t, batteryPercent: batteryNow(drone, at: t),
                                isIdle: true, onPad: onPad)
                        case .waitingForPad:
                            return .init(
                                index: drone, droneID: demand.drones[drone].droneID, home: homes[drone],
                                depotIndex: depotOf[drone], freeAtS: t, batteryPercent: batteryNow(drone, at: t),
                                isIdle: true)
                        }
                    },
                    open: open.map { .init(index: $0, booking: bookings[$0]) }, depots: demand.depots,
                    profile: profile)
                var decision = DayDecision()
                let elapsed = clock.measure { decision = dispatcher.decide(world) }
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                result.decideSeconds.append((open.count, seconds))
                wakeAt = decision.wakeAtS ?? .infinity
                for (delivery, quote) in decision.quotes where result.firstQuote[delivery] == nil {
                    result.firstQuote[delivery] = quote
                    result.firstQuoteAtS[delivery] = t
                }
                var launched = Set<Int>()
                for (drone, delivery) in decision.launches {
                    guard !launched.contains(delivery), open.contains(delivery) else {
                        result.refusedLaunches += 1
                        continue
                    }
                    let battery = batteryNow(drone, at: t)
                    let isIdle: Bool
                    switch activity[drone] {
                    case .flying: isIdle = false
                    default: isIdle = true
                    }
                    guard isIdle,
                        let job = Self.job(
                            bookings[delivery], from: homes[drone], launchS: t, batteryPercent: battery,
                            profile: profile)
                    else {
                        result.refusedLaunches += 1
                        wakeAt = min(wakeAt, t + tickS)
                        continue
                    }
                    if case .ground(true, _, _) = activity[drone] { padsInUse[depotOf[drone]] -= 1 }
                    activity[drone] = .flying(
                        returnS: job.returnS, percentAfter: battery - job.energyWh / profile.batteryCapacityWh * 100)
                    result.outcomes[delivery] = Outcome(
                        deliveryIndex: delivery, droneIndex: drone, launchS: t, pickupS: job.pickupS,
                        dropoffS: job.dropoffS)
                    launched.insert(delivery)
                }
                if !launched.isEmpty { open.removeAll { launched.contains($0) } }
            }
            if t >= nextSample {
                nextSample += sampleEveryS
                let levels = activity.indices.map { batteryNow($0, at: t) }
                let inFlight = activity.filter { if case .flying = $0 { return true } else { return false } }.count
                result.samples.append(
                    Sample(
                        timeS: t, inFlight: inFlight, queued: open.count,
                        meanBatteryPercent: levels.reduce(0, +) / Double(max(levels.count, 1)),
                        minBatteryPercent: levels.min() ?? 0))
            }
            let allFlown = nextBooking == bookings.count && open.isEmpty
            let allHome = !activity.contains { if case .flying = $0 { return true } else { return false } }
            if allFlown && allHome && t >= dayEnd { break }
            t += tickS
        }
        result.endS = t
        return result
    }
}
