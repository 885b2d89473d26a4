import Foundation
import GroundCore
import Logging

extension GroundControlApp {
    /// Registers each of `droneIDs` that the registry does not hold yet. Idempotent (every start of
    /// every instance may run it): an id already registered, active or retired, is left as it is, so
    /// a retired drone is never revived by a stale fleet file.
    static func provision(_ droneIDs: [String], in store: any GroundStore, logger: Logger) async throws {
        var added = 0
        for id in droneIDs {
            if let existing = try await store.provisionedDrone(id: id) {
                if existing.status == .retired {
                    logger.warning("drones file lists a retired drone; it stays retired", metadata: ["drone": "\(id)"])
                }
                continue
            }
            do {
                try await store.registerDrone(ProvisionedDrone(id: id, registeredAt: Date()))
                added += 1
            } catch let error as StoreError where error.kind == .constraint {
                // Another instance registered it between the lookup and the insert.
                continue
            }
        }
        if !droneIDs.isEmpty {
            logger.info("drones provisioned from file", metadata: ["listed": "\(droneIDs.count)", "added": "\(added)"])
        }
    }
}
