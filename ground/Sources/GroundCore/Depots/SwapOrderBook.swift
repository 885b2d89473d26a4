import FleetProtocol
import Foundation

/// Derives the swap depots' work lists from the day plan and the drones' telemetry.
///
/// An order exists for a drone when
/// - the plan recharges it at a swap depot before one of its jobs (``PlannedJob/depotID`` with
///   ``PlannedJob/rechargeSeconds`` > 0): `waiting` while the drone is not landed there, `due` once it is; or
/// - it is landed at a swap depot with less than ``swapBelowPercent`` in the pack: `due` at once (the staff
///   swaps a returning drone ahead of its next job, as swap stations do, so that job waits for nothing).
///
/// It moves on by telemetry only: `swapping` while the pack is reported `swapping`; `done` when, after being
/// due, the pack reports `full` (or the swap ended); `cancelled` when a waiting order is no longer planned
/// or the drone leaves the depot without a swap. Charge depots charge by themselves: they get no orders.
/// Closed orders stay listed for ``retentionSeconds`` so the staff sees them done.
package struct SwapOrderBook: Sendable {
    package var depots: [Depot]
    /// A drone landed this close to a depot stands on its pads (firmware-sim's depot site radius), metres.
    package var siteRadiusM: Double
    /// A drone landed at a swap depot below this state of charge gets a swap without a planned job, percent.
    package var swapBelowPercent: Double
    /// How long done and cancelled orders stay listed, seconds.
    package var retentionSeconds: Double

    package init(
        depots: [Depot], siteRadiusM: Double = 15, swapBelowPercent: Double = 90, retentionSeconds: Double = 900
    ) {
        self.depots = depots
        self.siteRadiusM = siteRadiusM
        self.swapBelowPercent = swapBelowPercent
        self.retentionSeconds = retentionSeconds
    }

    /// What the plan asks of a drone: the first job in its queue that recharges at a swap depot first, and the
    /// queue head (for a drone swapped without a planned recharge).
    package struct Needs: Sendable, Hashable {
        package var swaps: [String: PlannedJob] = [:]
        package var nextJobs: [String: PlannedJob] = [:]

        package init(queues: [String: [PlannedJob]], swapDepots: Set<String>) {
            for (droneID, queue) in queues {
                if let head = queue.first { nextJobs[droneID] = head }
                if let job = queue.first(where: {
                    $0.rechargeSeconds > 0 && $0.depotID.map(swapDepots.contains) == true
                }) {
                    swaps[droneID] = job
                }
            }
        }
    }

    package var swapDepotIDs: Set<String> { Set(depots.filter { $0.mode == .swap }.map(\.depotID)) }

    /// The orders after this moment: `previous` (every stored order) moved on by `queues` (the current
    /// plan) and `drones` (live states). Orders whose content did not change are returned unchanged
    /// (same `updatedAt`), so a caller writes only what differs.
    package func update(
        previous: [SwapOrder], queues: [String: [PlannedJob]], drones: [DroneLiveState], now: Date,
        newID: () -> String
    ) -> [SwapOrder] {
        let needs = Needs(queues: queues, swapDepots: swapDepotIDs)
        let states = Dictionary(drones.map { ($0.droneID, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [SwapOrder] = []
        var openDrones: Set<String> = []
        for order in previous {
            if !order.state.isOpen {
                if now.timeIntervalSince(order.updatedAt) < retentionSeconds { result.append(order) }
                continue
            }
            let next = advance(
                order, state: states[order.droneID], need: needs.swaps[order.droneID],
                next: needs.nextJobs[order.droneID], now: now)
            if next.state.isOpen { openDrones.insert(next.droneID) }
            result.append(next)
        }
        for drone in drones where !openDrones.contains(drone.droneID) {
            guard drone.online, let battery = drone.batteryPercent, battery < 99.5, drone.chargeState != .full else {
                continue
            }
            let landed = swapDepot(where: drone)
            let order: SwapOrder
            if let job = needs.swaps[drone.droneID], let depotID = job.depotID {
                order = SwapOrder(
                    id: newID(), droneID: drone.droneID, depotID: depotID, deliveryID: job.deliveryID,
                    neededBy: Self.date(job.launchAt), state: landed == depotID ? .due : .waiting,
                    batteryPercent: battery, createdAt: now, updatedAt: now)
            } else if let depotID = landed, battery < swapBelowPercent {
                let job = needs.nextJobs[drone.droneID]
                order = SwapOrder(
                    id: newID(), droneID: drone.droneID, depotID: depotID, deliveryID: job?.deliveryID,
                    neededBy: job.map { Self.date($0.launchAt) }, state: .due,
                    batteryPercent: battery, createdAt: now, updatedAt: now)
            } else {
                continue
            }
            result.append(order)
        }
        return result
    }

    /// One open order moved on by the drone's telemetry and the plan.
    func advance(_ order: SwapOrder, state: DroneLiveState?, need: PlannedJob?, next: PlannedJob?, now: Date)
        -> SwapOrder
    {
        var order = order
        let before = order
        let here = state.flatMap(swapDepot(where:)) == order.depotID
        switch order.state {
        case .waiting:
            if here {
                order.state = state?.chargeState == .swapping ? .swapping : .due
            } else if need?.depotID != order.depotID {
                order.state = .cancelled
            }
        case .due:
            if state?.chargeState == .swapping {
                order.state = .swapping
            } else if state?.chargeState == .full || (state?.batteryPercent ?? 0) >= 99.5 {
                order.state = .done
            } else if !here, state?.online != false {
                // Took off (or was carried off) without a swap: the plan will order another if it needs one.
                order.state = .cancelled
            }
        case .swapping:
            if state?.chargeState != .swapping, state?.online != false { order.state = .done }
        case .done, .cancelled:
            break
        }
        // The job that waits for the pack, as the plan sees it now (kept when the plan has nothing newer).
        if order.state.isOpen, let job = need ?? next {
            order.deliveryID = job.deliveryID
            order.neededBy = Self.date(job.launchAt)
        }
        if order.state != before.state, let battery = state?.batteryPercent { order.batteryPercent = battery }
        guard order != before else { return before }
        // A neededBy moving by less than a few seconds (telemetry jitter re-plans) is not a change.
        if order.state == before.state, order.deliveryID == before.deliveryID,
            let old = before.neededBy, let new = order.neededBy, abs(old.timeIntervalSince(new)) < 15
        {
            return before
        }
        order.updatedAt = now
        return order
    }

    /// A planned launch as a needed-by time, to the second.
    static func date(_ launchAt: Double) -> Date { Date(timeIntervalSince1970: launchAt.rounded()) }

    /// The swap depot a drone stands on: landed, not flying a job, within ``siteRadiusM`` of it.
    package func swapDepot(where drone: DroneLiveState) -> String? {
        guard drone.airborne == false, let position = drone.position else { return nil }
        if let phase = drone.phase, !phase.isTerminal, phase != .landed, drone.assignmentID != nil { return nil }
        let here = GeoPoint(lat: position.lat, lon: position.lon)
        return depots.first { $0.mode == .swap && $0.location.distance(to: here) <= siteRadiusM }?.depotID
    }
}
