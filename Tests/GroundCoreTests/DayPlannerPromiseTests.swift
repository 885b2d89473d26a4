import FleetProtocol
import Foundation
import Testing

@testable import GroundCore

private let base = GeoPoint(lat: 47.0, lon: 8.0)
private let now = 1_800_000_000.0

private func point(_ east: Double, _ north: Double) -> GeoPoint { base.moved(east: east, north: north) }

private func idle(_ id: String, percent: Double = 100) -> PlannerDrone {
    PlannerDrone(idle: id, at: base, batteryPercent: percent, now: now)
}

/// A 2 km round trip from `base`: one full pack flies several in a row.
private func short(
    _ id: String, requestedAt: Double = now, deadline: Double? = nil, priority: DeliveryPriority = .standard,
    earliest: Double? = nil, promised: Double? = nil, on drone: String? = nil
) -> PlannerJob {
    PlannerJob(
        id: id, pickup: point(300, 0), dropoff: point(600, 0), payloadKg: 1, requestedAt: requestedAt,
        earliestPickup: earliest, deadline: deadline, priority: priority, previousDrone: drone,
        promisedDropoff: promised)
}

/// Seconds from launch to dropoff of `short` from `base`.
private let flightToDropoffS = EnergyModel().remaining(
    RoutePlan(home: base, pickup: point(300, 0), dropoff: point(600, 0), payloadKg: 1, vehicle: .default),
    from: base, altitudeRelM: 0, phase: .accepted
).untilDropoffS

@Suite struct DayPlannerPromiseTests {
    /// The rule that keeps promises ahead of new bookings due later, with the launch held to the promise
    /// (ground's `--promise-hold`; the hold and the gaps work under any rule).
    let planner: DayPlanner = {
        var planner = DayPlanner()
        planner.promiseRule = .beforeLaterDue
        planner.holdsForPromise = true
        return planner
    }()

    @Test func aLaterBookingNeverMakesAnEarlierPromiseLateWhenALaterSlotExists() throws {
        let first = planner.plan(
            now: now, drones: [idle("a")], deliveries: [short("booked", requestedAt: now - 60, deadline: now + 7200)])
        let promise = try #require(first.jobs["booked"]).etaDropoff
        // An express booking with an earlier deadline arrives: the promise holds, the newcomer takes the next slot.
        let second = planner.plan(
            now: now, drones: [idle("a")],
            deliveries: [
                short("booked", requestedAt: now - 60, deadline: now + 7200, promised: promise, on: "a"),
                short("newcomer", requestedAt: now, deadline: now + 3600, priority: .express),
            ])
        let queue = try #require(second.queues["a"])
        #expect(queue.map(\.deliveryID) == ["booked", "newcomer"])
        #expect(abs(queue[0].etaDropoff - promise) < 0.001)
        #expect(queue[1].lateSeconds == 0)

        // Due before the promise, the newcomer has no later slot: it goes first, and here the promise still holds.
        let later = promise + 600
        let urgent = planner.plan(
            now: now, drones: [idle("a")],
            deliveries: [
                short("booked", requestedAt: now - 60, deadline: now + 7200, promised: later, on: "a"),
                short("newcomer", requestedAt: now, deadline: later - 1, priority: .express),
            ])
        #expect(urgent.queues["a"]?.map(\.deliveryID) == ["newcomer", "booked"])
        let newcomer = try #require(urgent.jobs["newcomer"]), booked = try #require(urgent.jobs["booked"])
        #expect(newcomer.lateSeconds == 0)
        #expect(abs(booked.etaDropoff - later) < 0.001)
    }

    @Test func expressGoesFirstAmongJobsNotYetPromisedAndPromisesGoBeforeBoth() throws {
        let promise = now + 900
        let plan = planner.plan(
            now: now, drones: [idle("a")],
            deliveries: [
                short("old-standard", requestedAt: now - 600),
                short("new-express", requestedAt: now, priority: .express),
                short("promised-standard", requestedAt: now - 1200, promised: promise, on: "a"),
            ])
        let order = try #require(plan.queues["a"]).map(\.deliveryID)
        // The promised job is held until its promise; new ones fly in the time before it, express first.
        #expect(abs(try #require(plan.jobs["promised-standard"]).etaDropoff - promise) < 0.001)
        let express = try #require(order.firstIndex(of: "new-express"))
        let standard = try #require(order.firstIndex(of: "old-standard"))
        #expect(express < standard)
        #expect(try #require(plan.jobs["new-express"]).etaDropoff < promise)
    }

    @Test func aDroneFreeEarlyHoldsItsLaunchToLandOnThePromise() throws {
        let promise = now + 3000
        let plan = planner.plan(
            now: now, drones: [idle("a")], deliveries: [short("d", promised: promise, on: "a")])
        let planned = try #require(plan.jobs["d"])
        #expect(abs(planned.etaDropoff - promise) < 0.001)
        #expect(abs(planned.launchAt - (promise - flightToDropoffS)) < 0.001)
        #expect(plan.due(now: now).isEmpty)
    }

    @Test func withoutTheHoldADroneFreeEarlyFliesAtOnceAndTheETAMovesEarlier() throws {
        var planner = planner
        planner.holdsForPromise = false
        let promise = now + 3000
        let plan = planner.plan(
            now: now, drones: [idle("a")], deliveries: [short("d", promised: promise, on: "a")])
        let planned = try #require(plan.jobs["d"])
        #expect(planned.launchAt == now)
        #expect(abs(planned.etaDropoff - (now + flightToDropoffS)) < 0.001)
        #expect(plan.due(now: now).map(\.deliveryID) == ["d"])
    }

    @Test func withoutTheHoldAPromiseOnABusyDroneMovesToOneThatCameFree() throws {
        var planner = planner
        planner.holdsForPromise = false
        // Promised on "a", busy for another 20 minutes; "b" has come free since.
        let busy = PlannerDrone(id: "a", home: base, availableAt: now + 1200, energyWh: 240)
        let promise = now + 1200 + flightToDropoffS
        let plan = planner.plan(
            now: now, drones: [busy, idle("b")], deliveries: [short("d", promised: promise, on: "a")])
        let planned = try #require(plan.jobs["d"])
        #expect(planned.droneID == "b")
        #expect(planned.launchAt == now)
        #expect(plan.due(now: now).map(\.deliveryID) == ["d"])
    }

    @Test func aPromisePastTheDeadlineIsNotHeldPastTheDeadline() throws {
        let plan = planner.plan(
            now: now, drones: [idle("a")],
            deliveries: [short("d", deadline: now + 1200, promised: now + 4000, on: "a")])
        let planned = try #require(plan.jobs["d"])
        #expect(abs(planned.etaDropoff - (now + 1200)) < 0.001)
        #expect(planned.lateSeconds == 0)
    }

    @Test func aPromiseTheDroneCanNoLongerKeepMovesToOneThatCan() throws {
        // The drone it was planned on is busy for an hour now; another one is free.
        let busy = PlannerDrone(id: "a", home: base, availableAt: now + 3600, energyWh: 240)
        let promise = now + 1200
        let plan = planner.plan(
            now: now, drones: [busy, idle("b")], deliveries: [short("d", promised: promise, on: "a")])
        let planned = try #require(plan.jobs["d"])
        #expect(planned.droneID == "b")
        #expect(abs(planned.etaDropoff - promise) < 0.001)
    }

    @Test func aNewJobSlotsInBeforeAHeldLaunchOnlyWhenItIsBackInTime() throws {
        let promise = now + 1500
        let fits = planner.plan(
            now: now, drones: [idle("a")],
            deliveries: [short("held", promised: promise, on: "a"), short("new", requestedAt: now)])
        #expect(fits.queues["a"]?.map(\.deliveryID) == ["new", "held"])
        let held = try #require(fits.jobs["held"]), new = try #require(fits.jobs["new"])
        #expect(abs(held.etaDropoff - promise) < 0.001)
        #expect(new.returnAt <= held.launchAt)

        // A promise too close for a round trip first: the new job waits for the next slot.
        let tight = now + flightToDropoffS + 60
        let waits = planner.plan(
            now: now, drones: [idle("a")],
            deliveries: [short("held", promised: tight, on: "a"), short("new", requestedAt: now)])
        #expect(waits.queues["a"]?.map(\.deliveryID) == ["held", "new"])
        #expect(abs(try #require(waits.jobs["held"]).etaDropoff - tight) < 0.001)
    }

    @Test func chargingFollowsTheConstantVoltageTaperAboveEightyPercent() {
        let depot = Depot(
            depotID: "d1", lat: base.lat, lon: base.lon, pads: 1, chargePowerW: 400, swapSeconds: 120, mode: .charge)
        // 250 Wh at 400 W: 20 % to 80 % at full power.
        #expect(abs(depot.recoverySeconds(fromWh: 50, toWh: 200, capacityWh: 250) - 150.0 / 400 * 3600) < 1e-6)
        // 80 % to 90 %: the accepted power falls as (1 − soc) / 0.2, so it takes ln 2 × the 20 % at full power.
        let taper = depot.recoverySeconds(fromWh: 200, toWh: 225, capacityWh: 250)
        #expect(abs(taper - 0.2 * 250 / 400 * 3600 * log(2)) < 1e-6)
        #expect(taper > 25.0 / 400 * 3600)
        // The charge after a time is the inverse.
        for seconds in [100.0, 1000, 2500, 3000] {
            let energy = depot.energyAfterCharging(fromWh: 50, seconds: seconds, capacityWh: 250)
            #expect(abs(depot.recoverySeconds(fromWh: 50, toWh: energy, capacityWh: 250) - seconds) < 1e-6)
        }
        let swap = Depot(
            depotID: "s1", lat: base.lat, lon: base.lon, pads: 1, chargePowerW: 400, swapSeconds: 120, mode: .swap)
        #expect(swap.recoverySeconds(fromWh: 50, toWh: 240, capacityWh: 250) == 120)
        #expect(swap.energyAfterCharging(fromWh: 50, seconds: 119, capacityWh: 250) == 50)
        #expect(swap.energyAfterCharging(fromWh: 50, seconds: 120, capacityWh: 250) == 250)
    }
}
