import FleetProtocol
import Foundation
import GroundCore
import Logging

extension MQTTDispatcher {
    /// Checks every flight against the zones of this round: a drone whose remaining path a zone now
    /// crosses gets a `reroute` from where it is, or, without a safe path, is sent home when the straight
    /// way home is clear and told to land otherwise (see ``AirspaceRouter/reroute(phase:position:pickup:dropoff:home:route:)``).
    func rerouteFlights(_ active: [Delivery], scheduler: Scheduler, at date: Date) async {
        // Forget flights whose delivery ended.
        if !flightRoutes.isEmpty {
            let live = Set(active.map(\.id))
            flightRoutes = flightRoutes.filter { live.contains($0.value.deliveryID) }
        }
        if !grounded.isEmpty {
            let assigned = Set(active.compactMap(\.assignmentID))
            grounded = grounded.filter { assigned.contains($0) }
        }
        let unknown = await loadFlightRoutes(active)
        // One router per cruise altitude for the whole check (nil: nothing restricts a flight).
        var routers: [Double: AirspaceRouter?] = [:]
        for index in active.indices where Self.isFlying(active[index].status) {
            let delivery = active[index]
            guard let droneID = delivery.assignedDroneID, let assignmentID = delivery.assignmentID,
                !grounded.contains(assignmentID), !unknown.contains(assignmentID),
                !outstanding.values.contains(where: { $0.reroutes(assignmentID) }),
                let state = await fleet.state(of: droneID), state.online, state.assignmentID == assignmentID,
                let phase = state.phase, let position = state.position
            else { continue }
            let here = GeoPoint(lat: position.lat, lon: position.lon)
            let altitude = (state.profile ?? configuration.vehicle).defaultCruiseAltitudeM
            if routers[altitude] == nil { routers[altitude] = scheduler.router(cruiseAltitudeM: altitude, at: date) }
            guard let router = routers[altitude] ?? nil else { continue }
            let decision = router.reroute(
                phase: phase, position: here, pickup: delivery.pickup, dropoff: delivery.dropoff,
                home: state.home ?? here, route: flightRoutes[assignmentID]?.route)
            await act(
                on: decision, delivery: delivery, droneID: droneID, assignmentID: assignmentID, phase: phase,
                router: router)
        }
    }

    /// Reads the stored path of every flight this instance has not assigned (a new leader's, after a
    /// failover): checked against the zones as flown, not as straight legs. Returns the flights whose
    /// path could not be read; they are not checked this round (a guess could re-route needlessly).
    func loadFlightRoutes(_ active: [Delivery]) async -> Set<String> {
        var missing: [String: String] = [:]
        // By index: the queue's rows are not copied to be looked at.
        for index in active.indices where Self.isFlying(active[index].status) {
            if let assignmentID = active[index].assignmentID, flightRoutes[assignmentID] == nil {
                missing[assignmentID] = active[index].id
            }
        }
        guard !missing.isEmpty else { return [] }
        do {
            let stored = try await store.offerRoutes(assignmentIDs: missing.keys.sorted())
            for (assignmentID, deliveryID) in missing {
                flightRoutes[assignmentID] = (deliveryID, stored[assignmentID])
            }
            return []
        } catch {
            logger.error(
                "flight check: cannot read the stored routes",
                metadata: ["flights": "\(missing.count)", "error": "\(error)"])
            return Set(missing.keys)
        }
    }

    private func act(
        on decision: RerouteDecision, delivery: Delivery, droneID: String, assignmentID: String,
        phase: AssignmentPhase, router: AirspaceRouter
    ) async {
        let metadata: Logger.Metadata = ["delivery": "\(delivery.id)", "drone": "\(droneID)"]
        switch decision {
        case .clear:
            return
        case let .reroute(route, zoneID):
            let airspace = router.airspace(around: delivery.pickup)
            do {
                try await send(
                    .reroute(assignmentID: assignmentID, route: route, airspace: airspace), to: droneID,
                    purpose: .reroute(deliveryID: delivery.id, assignmentID: assignmentID, zoneID: zoneID, route: route)
                )
                logger.notice(
                    "re-routing a drone around a new no-fly zone",
                    metadata: metadata.merging(["zone": "\(zoneID)"]) { $1 })
            } catch {
                logger.error("could not send reroute", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            }
        case let .returnHome(zoneID):
            await ground(
                landing: false, delivery: delivery, droneID: droneID, assignmentID: assignmentID, phase: phase,
                reason:
                    "no safe path around no-fly zone \(zoneID); drone \(droneID) returns home (the way home is clear)")
        case let .landNow(zoneID):
            await ground(
                landing: true, delivery: delivery, droneID: droneID, assignmentID: assignmentID, phase: phase,
                reason:
                    "no safe path around no-fly zone \(zoneID) and the way home crosses a zone; drone \(droneID) lands now"
            )
        }
    }

    /// Calls back (or lands) a drone the zones leave no path for, once. Before it has the package the
    /// assignment is cancelled (the drone flies home) and the delivery goes back to the queue with the
    /// reason in its history; with the package on board it is recalled (or lands) and the reason logged.
    func ground(
        landing: Bool, delivery: Delivery, droneID: String, assignmentID: String, phase: AssignmentPhase,
        reason: String
    ) async {
        grounded.insert(assignmentID)
        logger.warning("no-fly zone: \(reason)", metadata: ["delivery": "\(delivery.id)", "drone": "\(droneID)"])
        let beforePickup = Self.beforePickup.contains(phase)
        let kind: Command.Kind =
            landing ? .landNow : beforePickup ? .cancel(assignmentID: assignmentID, returnTo: .home) : .recall
        do { try await send(kind, to: droneID, purpose: .control) } catch {
            grounded.remove(assignmentID)
            logger.error(
                "could not call a drone back from a no-fly zone",
                metadata: ["drone": "\(droneID)", "error": "\(error)"])
            return
        }
        if beforePickup {
            excluded[delivery.id, default: []].insert(droneID)
            emit.yield(.grounded(deliveryID: delivery.id, droneID: droneID, reason: reason))
        }
    }

    /// The drone answered a `reroute`: accepted, it flies the new route (remembered for the next
    /// check); refused (agents without re-routing answer `invalidState`), it is recalled and the
    /// delivery re-planned.
    func rerouteAnswered(
        _ reply: CommandReply, droneID: String, deliveryID: String, assignmentID: String, zoneID: String,
        route: Assignment.Route
    ) async {
        if reply.accepted {
            flightRoutes[assignmentID] = (deliveryID, route)
            // Stored for the next leader and for the live ETA of every instance.
            do { try await store.updateOfferRoute(assignmentID: assignmentID, route: route) } catch {
                logger.error(
                    "accepted re-route not stored", metadata: ["delivery": "\(deliveryID)", "error": "\(error)"])
            }
            logger.info("drone flies the re-route", metadata: ["delivery": "\(deliveryID)", "drone": "\(droneID)"])
            return
        }
        let delivery: Delivery?
        do { delivery = try await store.delivery(id: deliveryID) } catch {
            logger.error("reroute refused: cannot read the delivery", metadata: ["error": "\(error)"])
            return
        }
        guard let delivery, delivery.assignmentID == assignmentID else { return }
        let why = reply.reason?.rawValue ?? "no reason given"
        let phase = await fleet.state(of: droneID)?.phase ?? .enRouteToPickup
        await ground(
            landing: false, delivery: delivery, droneID: droneID, assignmentID: assignmentID, phase: phase,
            reason:
                "drone \(droneID) refused the re-route around no-fly zone \(zoneID) (\(why)); recalled, delivery re-planned"
        )
        requestRound()
    }

    /// Phases before the drone lands at the pickup: the package is not on board.
    static let beforePickup: Set<AssignmentPhase> = [.received, .accepted, .preflight, .takeoff, .enRouteToPickup]

    /// Statuses in which a drone is flying (or about to fly) the delivery.
    /// A switch, not a set: asked once per active delivery every round, where hashing showed.
    static func isFlying(_ status: DeliveryStatus) -> Bool {
        switch status {
        case .scheduled, .pickupInProgress, .inTransit, .delivered: true
        case .requested, .completed, .cancelled, .failed: false
        }
    }
}
