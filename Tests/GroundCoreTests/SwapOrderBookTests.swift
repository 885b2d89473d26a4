import FleetProtocol
import Foundation
import Testing

@testable import GroundCore

private let base = GeoPoint(lat: 47.0, lon: 8.0)
private let start = 1_800_000_000.0

private func point(_ east: Double, _ north: Double) -> GeoPoint { base.moved(east: east, north: north) }

/// The swap depot is at `base`, the charge depot 3 km east; each drone lives at one of them.
private let swapDepot = Depot(
    depotID: "swap-1", lat: base.lat, lon: base.lon, pads: 2, chargePowerW: 400, swapSeconds: 60, mode: .swap)
private let chargeDepotSite = point(3000, 0)
private let chargeDepot = Depot(
    depotID: "charge-1", lat: chargeDepotSite.lat, lon: chargeDepotSite.lon, pads: 2, chargePowerW: 400,
    swapSeconds: 60, mode: .charge)

/// A drone's live state as telemetry leaves it: `at` its position, landed or flying.
private func live(
    _ id: String, at position: GeoPoint, airborne: Bool, percent: Double,
    charge: Telemetry.Battery.ChargeState = .discharging, phase: AssignmentPhase? = nil
) -> DroneLiveState {
    var state = DroneLiveState(
        droneID: id, online: true, position: TrackingUpdate.Position(lat: position.lat, lon: position.lon, alt: 410),
        batteryPercent: percent, phase: phase, assignmentID: phase == nil ? nil : "asg_1", home: nil)
    state.airborne = airborne
    state.chargeState = charge
    return state
}

@Suite struct SwapOrderBookTests {
    /// The planner tops every pack up to 95 % before a job, so a drone at 40 % recharges at its home depot first.
    let planner = DayPlanner(depots: [swapDepot, chargeDepot], minimumBatteryPercent: 95)
    let book = SwapOrderBook(depots: [swapDepot, chargeDepot])

    /// Drone "s" lives at the swap depot and "c" at the charge depot; both fly a job now, come home at 40 %,
    /// and have a next job planned after it.
    func plan(now: Double) -> DayPlan {
        let profile = VehicleProfile.default
        let model = EnergyModel(vehicle: profile)
        let drones = [
            PlannerDrone(
                id: "s", home: base, availableAt: now + 300, energyWh: model.energyWh(atPercent: 40)),
            PlannerDrone(
                id: "c", home: chargeDepotSite, availableAt: now + 300, energyWh: model.energyWh(atPercent: 40)),
        ]
        let jobs = [
            PlannerJob(
                id: "dlv_s", pickup: point(500, 0), dropoff: point(900, 300), payloadKg: 1, requestedAt: now,
                onlyDrone: "s"),
            PlannerJob(
                id: "dlv_c", pickup: point(2500, 0), dropoff: point(2200, 300), payloadKg: 1, requestedAt: now,
                onlyDrone: "c"),
        ]
        return planner.plan(now: now, drones: drones, deliveries: jobs)
    }

    @Test func aPlannedSwapWaitsThenIsDueOnThePadThenDoneWhenThePackIsFull() throws {
        var ids = 0
        func newID() -> String {
            ids += 1
            return "swp_\(ids)"
        }
        let t0 = Date(timeIntervalSince1970: start)
        let queues = plan(now: start).queues
        let planned = try #require(queues["s"]?.first)
        #expect(planned.depotID == "swap-1" && planned.rechargeSeconds >= 60, "the planner swaps before the job")
        #expect(queues["c"]?.first?.depotID == "charge-1", "the other drone charges at its depot")

        // Both still flying their current job: the swap depot gets an order, waiting; the charge depot none.
        var orders = book.update(
            previous: [],
            queues: queues,
            drones: [
                live("s", at: point(800, 200), airborne: true, percent: 55, phase: .returning),
                live("c", at: point(2400, 200), airborne: true, percent: 55, phase: .returning),
            ], now: t0, newID: newID)
        let waiting = try #require(orders.first)
        #expect(orders.count == 1)
        #expect(waiting.droneID == "s" && waiting.depotID == "swap-1" && waiting.state == .waiting)
        #expect(waiting.deliveryID == "dlv_s")
        #expect(waiting.neededBy == Date(timeIntervalSince1970: planned.launchAt.rounded()))

        // Landed on the pads, disarmed: due (the charge depot's drone charges by itself and gets nothing).
        let landed = t0.addingTimeInterval(300)
        orders = book.update(
            previous: orders, queues: plan(now: start + 300).queues,
            drones: [
                live("s", at: point(3, 2), airborne: false, percent: 40, phase: .completed),
                live(
                    "c", at: chargeDepotSite.moved(east: 2, north: 0), airborne: false, percent: 40, charge: .charging),
            ], now: landed, newID: newID)
        #expect(orders.map(\.state) == [.due])
        #expect(
            orders.first?.id == waiting.id && orders.first?.updatedAt == landed && orders.first?.batteryPercent == 40)

        // The staff changes the pack: swapping while the firmware says so, then done once it reports full.
        orders = book.update(
            previous: orders, queues: plan(now: start + 310).queues,
            drones: [live("s", at: point(3, 2), airborne: false, percent: 40, charge: .swapping)],
            now: landed.addingTimeInterval(10), newID: newID)
        #expect(orders.map(\.state) == [.swapping])
        let finished = landed.addingTimeInterval(70)
        orders = book.update(
            previous: orders, queues: [:],
            drones: [live("s", at: point(3, 2), airborne: false, percent: 100, charge: .full)], now: finished,
            newID: newID)
        #expect(orders.map(\.state) == [.done])
        #expect(orders.first?.batteryPercent == 100 && orders.first?.updatedAt == finished)

        // Nothing changes: the same orders come back untouched; after the retention the done order goes.
        let again = book.update(
            previous: orders, queues: [:],
            drones: [live("s", at: point(3, 2), airborne: false, percent: 100, charge: .full)],
            now: finished.addingTimeInterval(5), newID: newID)
        #expect(again == orders)
        let later = book.update(
            previous: orders, queues: [:], drones: [], now: finished.addingTimeInterval(book.retentionSeconds + 1),
            newID: newID)
        #expect(later.isEmpty)
        #expect(ids == 1, "one order for one swap")
    }

    @Test func aChargeDepotGetsNoOrdersEvenForALowDroneOnItsPads() {
        let orders = book.update(
            previous: [], queues: plan(now: start).queues,
            drones: [
                live("c", at: chargeDepotSite.moved(east: 2, north: 0), airborne: false, percent: 20, charge: .charging)
            ], now: Date(timeIntervalSince1970: start), newID: { "swp_x" })
        #expect(orders.isEmpty)
    }

    @Test func aLowDroneLandedAtTheSwapDepotIsDueWithoutAPlannedJobAndAFullOneIsNot() throws {
        let now = Date(timeIntervalSince1970: start)
        let orders = book.update(
            previous: [], queues: [:],
            drones: [
                live("low", at: point(-4, 4), airborne: false, percent: 60),
                live("high", at: point(4, 4), airborne: false, percent: 95),
                live("full", at: point(0, 4), airborne: false, percent: 100, charge: .full),
                live("away", at: point(400, 0), airborne: false, percent: 30),
            ], now: now, newID: { "swp_low" })
        let order = try #require(orders.first)
        #expect(orders.count == 1)
        #expect(order.droneID == "low" && order.state == .due && order.neededBy == nil && order.deliveryID == nil)
    }

    @Test func aWaitingOrderTheNewPlanDropsIsCancelledAndADueOneIsCancelledWhenTheDroneLeaves() throws {
        let t0 = Date(timeIntervalSince1970: start)
        let queues = plan(now: start).queues
        let flying = live("s", at: point(800, 200), airborne: true, percent: 55, phase: .returning)
        var orders = book.update(previous: [], queues: queues, drones: [flying], now: t0, newID: { "swp_1" })
        #expect(orders.map(\.state) == [.waiting])
        // The job went elsewhere: nothing waits for a swap at this depot any more.
        orders = book.update(
            previous: orders, queues: [:], drones: [flying], now: t0.addingTimeInterval(3),
            newID: {
                "swp_2"
            })
        #expect(orders.map(\.state) == [.cancelled])

        // A due order whose drone takes off unswapped: cancelled (a new plan orders again if it must).
        let due = SwapOrder(
            id: "swp_3", droneID: "s", depotID: "swap-1", state: .due, batteryPercent: 60, createdAt: t0, updatedAt: t0)
        let left = book.update(
            previous: [due], queues: [:],
            drones: [live("s", at: point(0, 0), airborne: true, percent: 60, phase: .takeoff)],
            now: t0.addingTimeInterval(9), newID: { "swp_4" })
        #expect(left.map(\.state) == [.cancelled])
    }
}
