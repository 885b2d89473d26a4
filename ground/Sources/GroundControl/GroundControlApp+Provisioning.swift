import Foundation
import GroundCore
import Logging

extension GroundControlApp {
    /// Registers each of `droneIDs` that the registry does not hold yet. Idempotent (every start of
    /// every instance may run it): an id already registered, active or retired, is left as it is, so
    /// a retired drone is never revived by a stale fleet file.
    static func provision(_ droneIDs: [String], in store: any GroundStore, logger: Logger) async throws(StoreError) {
        var added = 0
        for id in droneIDs {
            if let existing = try await store.provisionedDrone(id: id) {
                if existing.status == .retired {
                    logger.warning("drones file lists a retired drone; it stays retired", metadata: ["drone": "\(id)"])
                }
                continue
            }
            if try await register(id, in: store) { added += 1 }
        }
        if !droneIDs.isEmpty {
            logger.info("drones provisioned from file", metadata: ["listed": "\(droneIDs.count)", "added": "\(added)"])
        }
    }

    /// Registers one drone; false when another instance registered it between the lookup and the insert.
    private static func register(_ id: String, in store: any GroundStore) async throws(StoreError) -> Bool {
        do throws(StoreError) {
            try await store.registerDrone(ProvisionedDrone(id: id, registeredAt: Date()))
            return true
        } catch {
            guard error.kind == .constraint else { throw error }
            return false
        }
    }
}
