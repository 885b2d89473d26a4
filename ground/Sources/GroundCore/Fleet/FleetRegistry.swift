import Foundation

/// Live state of every known drone, filled by the MQTT ingest and read by the fleet endpoints
/// and the scheduler.
package actor FleetRegistry {
    var drones: [String: DroneLiveState] = [:]
    /// Who is told of changes (``changes()``), by token.
    private var watchers: [UInt64: AsyncStream<Void>.Continuation] = [:]
    private var nextWatcher: UInt64 = 0

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
        changed()
    }

    /// Replaces or inserts a drone's state.
    package func update(_ state: DroneLiveState) {
        drones[state.droneID] = state
        changed()
    }

    /// Edits a drone's state in place, creating it if unknown.
    package func update(droneID: String, _ change: @Sendable (inout DroneLiveState) -> Void) {
        var state = drones[droneID] ?? DroneLiveState(droneID: droneID)
        change(&state)
        drones[droneID] = state
        changed()
    }

    package func state(of droneID: String) -> DroneLiveState? { drones[droneID] }

    /// Forgets a drone (retired): it leaves the live view of this instance at once.
    package func remove(droneID: String) {
        drones[droneID] = nil
        changed()
    }

    /// Every drone, sorted by id for stable output.
    package func all() -> [DroneLiveState] { drones.values.sorted { $0.droneID < $1.droneID } }

    /// The drones `isIncluded` picks, sorted by id: a periodic check that wants a few drones of a large
    /// fleet reads them without copying and sorting all of them.
    package func drones(where isIncluded: @Sendable (DroneLiveState) -> Bool) -> [DroneLiveState] {
        drones.values.filter(isIncluded).sorted { $0.droneID < $1.droneID }
    }

    /// One element after each change of any drone, so a live view looks when there is something to see
    /// rather than on a timer. Changes made before the watcher looked are one element (a watcher
    /// reads ``all()`` for what changed), so a slow watcher costs nothing here.
    package func changes() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        nextWatcher += 1
        let token = nextWatcher
        watchers[token] = continuation
        continuation.onTermination = { [weak self] _ in
            Task { await self?.stopWatching(token) }
        }
        return stream
    }

    /// Tells every watcher that drones changed.
    func changed() {
        for watcher in watchers.values { watcher.yield() }
    }

    private func stopWatching(_ token: UInt64) {
        watchers[token] = nil
    }
}
