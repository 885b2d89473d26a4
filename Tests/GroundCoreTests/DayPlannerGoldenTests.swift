import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore

private let origin = GeoPoint(lat: 47.37, lon: 8.54)
private let now = 1_800_000_000.0

/// A seeded busy moment with every case the search handles: busy, low, idle-away and on-pad drones at a
/// charging and a swapping depot with few pads, a drone with no depot, windows, deadlines, express,
/// exclusions, a pin, a payload too heavy for some drones.
private struct Workload {
    var drones: [PlannerDrone] = []
    var jobs: [PlannerJob] = []
    let depots = [
        Depot(
            depotID: "charge", lat: origin.moved(east: 3_000, north: 5_000).lat,
            lon: origin.moved(east: 3_000, north: 5_000).lon, pads: 3, chargePowerW: 400, swapSeconds: 120,
            mode: .charge),
        Depot(
            depotID: "swap", lat: origin.moved(east: 7_000, north: 5_000).lat,
            lon: origin.moved(east: 7_000, north: 5_000).lon, pads: 2, chargePowerW: 400, swapSeconds: 120,
            mode: .swap),
    ]

    init(drones count: Int, jobs open: Int, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        func random() -> GeoPoint {
            origin.moved(
                east: Double.random(in: 1_000..<9_000, using: &generator),
                north: Double.random(in: 1_000..<9_000, using: &generator))
        }
        let homes = depots.map(\.location) + [origin.moved(east: 5_000, north: 2_000)]
        var light = VehicleProfile.default
        light.maxPayloadKg = 1.5
        drones = (0..<count).map { index in
            let home = homes[index % homes.count]
            let busy = index % 3 == 0
            let low = index % 7 == 1
            let away = index % 11 == 5
            let onPad = index % 13 == 2
            return PlannerDrone(
                id: "g\(index)", home: home, position: away ? random() : home,
                profile: index % 4 == 3 ? light : .default,
                availableAt: busy ? now + Double.random(in: 60...1_200, using: &generator) : now,
                energyWh: low ? 40 : Double.random(in: 120...250, using: &generator),
                chargeState: onPad ? .charging : nil,
                readyAt: onPad ? now + Double.random(in: 300...1_500, using: &generator) : nil)
        }
        jobs = (0..<open).map { index in
            let windowed = index % 10 < 3
            let start = now + Double.random(in: 0...7_200, using: &generator)
            return PlannerJob(
                id: "j\(index)", pickup: random(), dropoff: random(),
                payloadKg: index % 9 == 4 ? 2 : 1, requestedAt: now - Double(open - index),
                earliestPickup: windowed ? start : nil, latestPickup: windowed ? start + 1_800 : nil,
                deadline: index % 10 < 4 ? (windowed ? start + 3_600 : now + 5_400) : nil,
                priority: index % 5 == 0 ? .express : .standard,
                excludedDrones: index % 17 == 3 ? ["g0", "g1", "g2"] : [],
                onlyDrone: index == 12 ? "g4" : nil)
        }
    }
}

/// Every field of a plan, bit for bit, as one FNV-1a 64 digest (Swift's Hasher is seeded per process).
private func digest(_ plan: DayPlan) -> String {
    var text = ""
    for droneID in plan.queues.keys.sorted() {
        for job in plan.queues[droneID]! {
            text += "\(job.deliveryID) \(job.droneID) \(job.queueIndex) \(job.depotID ?? "-")"
            for value in [
                job.launchAt, job.etaPickup, job.etaDropoff, job.returnAt, job.rechargeSeconds,
                job.missionEnergyWh, job.lateSeconds, job.marginSeconds, job.cruiseAltitudeM, job.loadingSeconds,
            ] {
                text += " " + String(value.bitPattern, radix: 16)
            }
            text += "\n"
        }
    }
    for (id, reason) in plan.unplaced.sorted(by: { $0.key < $1.key }) { text += "\(id) \(reason)\n" }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x0100_0000_01b3
    }
    return String(hash, radix: 16)
}

/// The same plans, bit for bit, as the planner made before its search was restructured for speed (issue 20):
/// a fresh plan, then a re-plan with every planned delivery promised at its first dropoff and anchored on
/// its drone, under each promise rule with the hold off and on (digests recorded from the planner before the
/// change).
@Suite struct DayPlannerGoldenTests {
    static let cases: [(rule: DayPlanner.PromiseRule, hold: Bool, zones: Bool, fresh: String, replan: String)] = [
        (.none, false, false, "295c9037331b9240", "479f98c32f2d408e"),
        (.none, true, false, "76e1029164ce4a24", "9224ad878edb930b"),
        (.beforeLaterDue, true, false, "7a3d6af477b1957e", "1f62f7f34e198fb3"),
        // Re-plan digest re-recorded when a promised job's cost without the hold came to count its time to
        // dropoff too (an earlier drone is taken); every other digest is from the planner before the speed-up.
        (.first, false, false, "3321110e92ca448c", "d7d5bd2c8243f9b9"),
        (.firstInSlot, true, false, "8014fa5960a9f119", "4e763a458d8565cc"),
        (.none, true, true, "cf414c7a1f4cda4c", "52fae7e3b7e48121"),
    ]

    @Test(arguments: cases.indices)
    func planAndReplanAreUnchanged(_ index: Int) {
        let expected = Self.cases[index]
        let workload = Workload(drones: 40, jobs: 220, seed: 0x20_2026 + UInt64(index))
        var planner = DayPlanner(depots: workload.depots, minimumBatteryPercent: 25)
        planner.promiseRule = expected.rule
        planner.holdsForPromise = expected.hold
        if expected.zones {
            let corners = [(4_000.0, 3_000.0), (5_500.0, 3_000.0), (5_500.0, 7_000.0), (4_000.0, 7_000.0)]
            planner.temporaryZones = [
                NoFlyZone(
                    id: "stadium",
                    polygon: try! Geofence(vertices: corners.map { origin.moved(east: $0.0, north: $0.1) }))
            ]
        }
        let fresh = planner.plan(now: now, drones: workload.drones, deliveries: workload.jobs)
        let first = fresh.jobs
        #expect(first.count > workload.jobs.count / 2, "a busy moment still plans most deliveries")
        #expect(first.values.contains { $0.queueIndex > 1 }, "queues are longer than one job")
        #expect(first.values.contains { $0.rechargeSeconds > 0 }, "some drones recharge first")
        let anchored = workload.jobs.map { job -> PlannerJob in
            var next = job
            next.previousDrone = first[job.id]?.droneID
            next.promisedDropoff = first[job.id]?.etaDropoff
            return next
        }
        let replan = planner.plan(now: now + 3, drones: workload.drones, deliveries: anchored)
        #expect(digest(fresh) == expected.fresh, "fresh plan, case \(index)")
        #expect(digest(replan) == expected.replan, "re-plan, case \(index)")
    }
}
