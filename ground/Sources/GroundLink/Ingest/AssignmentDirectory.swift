import FleetProtocol
import Foundation
import GroundCore
import Logging

/// Assignment id → delivery, for every delivery in flight, read from the store.
///
/// Telemetry and events name only the assignment; a miss (a delivery scheduled since the last
/// read, or after a restart) re-reads the active deliveries. For telemetry (`force: false`) that
/// happens at most once per `reloadInterval`, so a drone reporting a stale assignment cannot turn
/// every sample into a query; events and states are rare and must not be dropped, so they force it.
/// The stored routes (an accepted re-route changes one) are re-read at most once per `routeInterval`.
struct AssignmentDirectory {
    private var byAssignment: [String: ActiveAssignment] = [:]
    private var lastReload: ContinuousClock.Instant?
    private var lastRouteRead: ContinuousClock.Instant?
    var routeInterval: Duration = .seconds(5)
    let store: any GroundStore
    let reloadInterval: Duration
    let logger: Logger

    init(store: any GroundStore, reloadInterval: Duration = .seconds(1), logger: Logger) {
        self.store = store
        self.reloadInterval = reloadInterval
        self.logger = logger
    }

    mutating func lookup(_ assignmentID: String, force: Bool = false) async -> ActiveAssignment? {
        if byAssignment[assignmentID] != nil {
            if let last = lastRouteRead, ContinuousClock.now - last >= routeInterval { await readRoutes() }
            return byAssignment[assignmentID]
        }
        if !force, let last = lastReload, ContinuousClock.now - last < reloadInterval { return nil }
        await reload()
        return byAssignment[assignmentID]
    }

    mutating func reload() async {
        lastReload = ContinuousClock.now
        let active: [Delivery]
        do { active = try await store.activeDeliveries() } catch {
            // The previous list stays; the next miss reads again.
            logger.error("assignment directory not refreshed", metadata: ["error": "\(error)"])
            return
        }
        var map: [String: ActiveAssignment] = [:]
        for delivery in active {
            guard let assignmentID = delivery.assignmentID, let droneID = delivery.assignedDroneID else { continue }
            map[assignmentID] = ActiveAssignment(
                deliveryID: delivery.id, droneID: droneID, pickup: delivery.pickup, dropoff: delivery.dropoff,
                payloadKg: delivery.weightKg)
        }
        byAssignment = map
        await readRoutes()
    }

    /// Attaches each flight's stored path; on failure the previous paths stay (the ETA only degrades).
    private mutating func readRoutes() async {
        lastRouteRead = ContinuousClock.now
        let routes: [String: Assignment.Route]
        do { routes = try await store.offerRoutes(assignmentIDs: byAssignment.keys.sorted()) } catch {
            logger.error("assignment directory: routes not read", metadata: ["error": "\(error)"])
            return
        }
        for assignmentID in byAssignment.keys { byAssignment[assignmentID]?.route = routes[assignmentID] }
    }

    /// Every assignment currently known (restart: resume ETA tracking).
    var all: [String: ActiveAssignment] { byAssignment }

    mutating func forget(_ assignmentID: String) {
        byAssignment[assignmentID] = nil
    }
}
