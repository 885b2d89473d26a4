import Foundation

/// Live state of every known drone, filled by the MQTT ingest and read by the fleet endpoints
/// and the scheduler.
package actor FleetRegistry {
    var drones: [String: DroneLiveState] = [:]

    package init(_ initial: [DroneLiveState] = []) {
        for state in initial { drones[state.droneID] = state }
    }

    /// Seeds the registry from persisted drones after a restart; all start offline until their
    /// retained state message arrives again.
    package func restore(from records: [DroneRecord]) {
        for record in records where drones[record.id] == nil {
            drones[record.id] = DroneLiveState(
                droneID: record.id, online: false, home: record.home, lastSeen: record.lastSeen)
        }
    }

    /// Replaces or inserts a drone's state.
    package func update(_ state: DroneLiveState) {
        drones[state.droneID] = state
    }

    /// Edits a drone's state in place, creating it if unknown.
    package func update(droneID: String, _ change: @Sendable (inout DroneLiveState) -> Void) {
        var state = drones[droneID] ?? DroneLiveState(droneID: droneID)
        change(&state)
        drones[droneID] = state
    }

    package func state(of droneID: String) -> DroneLiveState? { drones[droneID] }

    /// Forgets a drone (retired): it leaves the live view of this instance at once.
    package func remove(droneID: String) {
        drones[droneID] = nil
    }

    /// Every drone, sorted by id for stable output.
    package func all() -> [DroneLiveState] { drones.values.sorted { $0.droneID < $1.droneID } }
}
