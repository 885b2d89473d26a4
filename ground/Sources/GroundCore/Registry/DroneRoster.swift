import Foundation

/// Answers "is this a provisioned, active drone?" for every fleet message, from the store's drone
/// registry with a short cache: a flood from an impostor costs one lookup per ``ttl``, and a drone
/// registered or retired through another instance is seen within ``ttl``. Registrations and
/// retirements through this instance call ``forget(_:)`` and take effect at once.
package actor DroneRoster {
    package enum Standing: String, Sendable {
        case active
        case retired
        case unknown
    }

    package let store: any GroundStore
    package let ttl: Duration
    private var cache: [String: (standing: Standing, at: ContinuousClock.Instant)] = [:]

    package init(store: any GroundStore, ttl: Duration = .seconds(2)) {
        self.store = store
        self.ttl = ttl
    }

    /// The drone's standing in the registry. A store failure throws: the caller refuses the message
    /// rather than believe an unverified sender.
    package func standing(of droneID: String) async throws(StoreError) -> Standing {
        let now = ContinuousClock.now
        if let cached = cache[droneID], now - cached.at < ttl { return cached.standing }
        let standing: Standing =
            switch try await store.provisionedDrone(id: droneID)?.status {
            case .active: .active
            case .retired: .retired
            case nil: .unknown
            }
        // Bounded: an impostor cycling through ids must not grow the cache without end.
        if cache.count > 10_000 { cache = cache.filter { now - $0.value.at < ttl } }
        cache[droneID] = (standing, now)
        return standing
    }

    /// Drops the cached standing of `droneID` (after a register or retire through this instance).
    package func forget(_ droneID: String) {
        cache[droneID] = nil
    }

    /// The ids of the active drones, read fresh (dispatch rounds, fleet listings).
    package func activeIDs() async throws(StoreError) -> Set<String> {
        Set(try await store.provisionedDrones().filter(\.isActive).map(\.id))
    }
}
