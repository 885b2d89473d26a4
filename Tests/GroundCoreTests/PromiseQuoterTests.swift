import FleetProtocol
import Foundation
import Testing

@testable import GroundCore

private let base = GeoPoint(lat: 47.0, lon: 8.0)
private let now = 1_800_000_000.0

private func job(_ id: String, deadline: Double? = nil, latestPickup: Double? = nil) -> PlannerJob {
    PlannerJob(
        id: id, pickup: base.moved(east: 300, north: 0), dropoff: base.moved(east: 600, north: 0), payloadKg: 1,
        requestedAt: now, latestPickup: latestPickup, deadline: deadline)
}

/// A planned job whose pickup is done at `pickup` and whose dropoff is at `dropoff`.
private func planned(_ id: String, pickup: Double, dropoff: Double) -> PlannedJob {
    PlannedJob(
        deliveryID: id, droneID: "a", queueIndex: 1, launchAt: pickup - 120, etaPickup: pickup, etaDropoff: dropoff,
        returnAt: dropoff + 120, rechargeSeconds: 0, depotID: nil, missionEnergyWh: 10, lateSeconds: 0,
        marginSeconds: 30, cruiseAltitudeM: 60, loadingSeconds: 30)
}

@Suite struct PromiseQuoterTests {
    let configuration = PromiseQuoter.Configuration(
        lateShare: 0.05, toleranceSeconds: 60, leadBoundsSeconds: [600, 1800], initialSlackShare: 0.2,
        stepShare: 0.1)

    @Test func aQuoteIsThePlanPlusItsLeadsSlack() {
        var quoter = PromiseQuoter(configuration)
        // Lead classes: under 10 min (typical 300 s), 10–30 min (1,200 s), longer (2,700 s).
        #expect(quoter.slackSeconds == [60, 240, 540])
        #expect(
            quoter.quote(planned("soon", pickup: now + 200, dropoff: now + 400), for: job("soon"), now: now) == now
                + 460)
        #expect(
            quoter.quote(planned("later", pickup: now + 900, dropoff: now + 1000), for: job("later"), now: now)
                == now + 1240)
        #expect(
            quoter.quote(planned("far", pickup: now + 3400, dropoff: now + 3600), for: job("far"), now: now)
                == now + 4140)
        #expect(quoter.pendingCount == 3)
    }

    @Test func aQuoteNeverPassesTheLatestDropoffTheBookingAllowsNorComesBeforeThePlan() {
        var quoter = PromiseQuoter(configuration)
        let plan = planned("j", pickup: now + 3400, dropoff: now + 3600)
        // The deadline caps it (the hold never holds a launch past it).
        #expect(quoter.quote(plan, for: job("j", deadline: now + 3700), now: now) == now + 3700)
        // So does the window's end plus the flight from the pickup (200 s here).
        #expect(quoter.quote(plan, for: job("j", latestPickup: now + 3450), now: now) == now + 3650)
        // A plan already past the deadline is quoted as planned.
        #expect(quoter.quote(plan, for: job("j", deadline: now + 3000), now: now) == now + 3600)
        var margin = configuration
        margin.latestMarginSeconds = 50
        var withMargin = PromiseQuoter(margin)
        #expect(withMargin.quote(plan, for: job("j", deadline: now + 3700), now: now) == now + 3650)
    }

    @Test func aSlipPastThePromiseRaisesItsLeadsSlackAndAKeptOneLowersIt() {
        var quoter = PromiseQuoter(configuration)
        let promise = quoter.quote(
            planned("slipped", pickup: now + 900, dropoff: now + 1000), for: job("slipped"), now: now)
        _ = quoter.quote(planned("kept", pickup: now + 900, dropoff: now + 1000), for: job("kept"), now: now)
        // Slipped 61 s past the promise: more than the tolerance.
        quoter.launched(deliveryID: "slipped", promise: promise, plannedDropoff: promise + 61)
        #expect(abs(quoter.slackSeconds[1] - (240 + 0.95 * 120)) < 1e-9)
        // Landed within the tolerance.
        quoter.launched(deliveryID: "kept", promise: promise, plannedDropoff: promise + 60)
        #expect(abs(quoter.slackSeconds[1] - (240 + 0.95 * 120 - 0.05 * 120)) < 1e-9)
        // Other lead classes learned nothing; a job it never quoted (or a second launch) teaches nothing.
        #expect(quoter.slackSeconds[0] == 60 && quoter.slackSeconds[2] == 540)
        quoter.launched(deliveryID: "kept", promise: promise, plannedDropoff: promise + 5000)
        quoter.launched(deliveryID: "never quoted", promise: promise, plannedDropoff: promise + 5000)
        #expect(abs(quoter.slackSeconds[1] - (240 + 0.95 * 120 - 0.05 * 120)) < 1e-9)
        #expect(quoter.pendingCount == 0)
    }

    @Test func theSlackSettlesWhereTheLateShareOfPromisesSlips() {
        var settings = configuration
        settings.stepShare = 0.02
        var quoter = PromiseQuoter(settings)
        // Slips spread evenly over 0…990 s (a fixed permutation, so the run is the same every time).
        var late = 0
        let rounds = 4000
        for round in 0..<rounds {
            let id = "j\(round)"
            let plan = planned(id, pickup: now + 800, dropoff: now + 1000)
            let promise = quoter.quote(plan, for: job(id), now: now)
            let slip = Double((round * 37) % 100) * 10
            let dropoff = max(promise, plan.etaDropoff + slip)
            if round >= rounds / 2, dropoff - promise > settings.toleranceSeconds { late += 1 }
            quoter.launched(deliveryID: id, promise: promise, plannedDropoff: dropoff)
        }
        // 5 % of slips exceed 940 s: slack + tolerance settles near it.
        #expect(abs(quoter.slackSeconds[1] + settings.toleranceSeconds - 940) < 60)
        let share = Double(late) / Double(rounds / 2)
        #expect(share > 0.02 && share < 0.08)
    }

    @Test func theHoldLandsAQuotedJobOnItsPromise() throws {
        var planner = DayPlanner()
        planner.holdsForPromise = true
        let drone = PlannerDrone(idle: "a", at: base, batteryPercent: 100, now: now)
        let first = planner.plan(now: now, drones: [drone], deliveries: [job("j", deadline: now + 7200)])
        let plan = try #require(first.jobs["j"])
        var quoter = PromiseQuoter(configuration)
        let promise = quoter.quote(plan, for: job("j", deadline: now + 7200), now: now)
        #expect(promise > plan.etaDropoff)
        var promised = job("j", deadline: now + 7200)
        promised.promisedDropoff = promise
        let second = planner.plan(now: now, drones: [drone], deliveries: [promised])
        let held = try #require(second.jobs["j"])
        #expect(abs(held.etaDropoff - promise) < 0.001)
        #expect(held.launchAt > now)
    }
}
