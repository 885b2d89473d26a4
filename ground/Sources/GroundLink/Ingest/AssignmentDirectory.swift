import Foundation
import GroundCore
import Logging

/// Assignment id → delivery, for every delivery in flight, read from the store.
///
/// Telemetry and events name only the assignment; a miss (a delivery scheduled since the last
/// read, or after a restart) re-reads the active deliveries. For telemetry (`force: false`) that
/// happens at most once per `reloadInterval`, so a drone reporting a stale assignment cannot turn
/// every sample into a query; events and states are rare and must not be dropped, so they force it.
struct AssignmentDirectory {
    private var byAssignment: [String: ActiveAssignment] = [:]
    private var lastReload: ContinuousClock.Instant?
    let store: any GroundStore
    let reloadInterval: Duration
    let logger: Logger

    init(store: any GroundStore, reloadInterval: Duration = .seconds(1), logger: Logger) {
        self.store = store
        self.reloadInterval = reloadInterval
        self.logger = logger
    }

    mutating func lookup(_ assignmentID: String, force: Bool = false) async -> ActiveAssignment? {
        if let hit = byAssignment[assignmentID] { return hit }
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
    }

    /// Every assignment currently known (restart: resume ETA tracking).
    var all: [String: ActiveAssignment] { byAssignment }

    mutating func forget(_ assignmentID: String) {
        byAssignment[assignmentID] = nil
    }
}
