import Foundation
import Synchronization

/// Answers "is this a provisioned, active drone?" for every fleet message, from a snapshot of the
/// store's whole drone registry read at most once per ``ttl``: at fleet scale (10,000 drones at 1 Hz)
/// a per-drone lookup would put a store read behind every other message, while one read of the
/// registry costs milliseconds. An id missing from the snapshot (registered since it was read, or
/// not at all) is looked up on its own, at most once per ``ttl`` while it stays unknown, so a flood
/// from an impostor costs one lookup per id per ``ttl``. A drone registered or retired through another
/// instance is seen within ``ttl``; registrations and retirements through this instance call
/// ``forget(_:)`` and take effect at once.
package actor DroneRoster {
    package enum Standing: String, Sendable {
        case active
        case retired
        case unknown
    }

    package let store: any GroundStore
    package let ttl: Duration
    private var snapshot: [String: Standing] = [:]
    private var readAt: ContinuousClock.Instant?
    /// Bumped by ``forget(_:)``: a registry read that started before it is not taken as fresh.
    private var generation = 0
    /// Ids looked up on their own and not found, with when.
    private var misses: [String: ContinuousClock.Instant] = [:]
    /// Counts ``forget(_:)`` calls, readable without a hop onto the actor: a ``View`` held by the
    /// ingest checks it on every message, so a register or retire through this instance still takes
    /// effect at once.
    nonisolated let revision = Atomic<Int>(0)

    package init(store: any GroundStore, ttl: Duration = .seconds(2)) {
        self.store = store
        self.ttl = ttl
    }

    /// The drone's standing in the registry. A store failure throws: the caller refuses the message
    /// rather than believe an unverified sender.
    package func standing(of droneID: String) async throws(StoreError) -> Standing {
        let now = ContinuousClock.now
        if readAt.map({ now - $0 >= ttl }) ?? true { try await readRegistry(at: now) }
        if let known = snapshot[droneID] { return known }
        if let missed = misses[droneID], now - missed < ttl { return .unknown }
        let standing: Standing =
            switch try await store.provisionedDrone(id: droneID)?.status {
            case .active: .active
            case .retired: .retired
            case nil: .unknown
            }
        if standing == .unknown {
            // Bounded: an impostor cycling through ids must not grow the misses without end.
            if misses.count > 10_000 { misses = misses.filter { now - $0.value < ttl } }
            misses[droneID] = now
        } else {
            snapshot[droneID] = standing
        }
        return standing
    }

    /// Replaces the snapshot with the whole registry as stored now.
    private func readRegistry(at now: ContinuousClock.Instant) async throws(StoreError) {
        let generation = self.generation
        var standings: [String: Standing] = [:]
        for drone in try await store.provisionedDrones() { standings[drone.id] = drone.isActive ? .active : .retired }
        snapshot = standings
        misses.removeAll()
        if generation == self.generation { readAt = now }
    }

    /// Makes the next answer read the registry (after a register or retire of `droneID` through this instance).
    package func forget(_ droneID: String) {
        readAt = nil
        misses[droneID] = nil
        generation += 1
        revision.add(1, ordering: .releasing)
    }

    /// The snapshot as of now (read again if older than ``ttl``), for a caller that checks many
    /// messages: it answers for the drones it holds without a hop onto this actor per message.
    package func view() async throws(StoreError) -> View {
        let revision = self.revision.load(ordering: .acquiring)
        let now = ContinuousClock.now
        if readAt.map({ now - $0 >= ttl }) ?? true { try await readRegistry(at: now) }
        return View(roster: self, standings: snapshot, revision: revision, expires: (readAt ?? now) + ttl)
    }

    /// The ids of the active drones, read fresh (dispatch rounds, fleet listings).
    package func activeIDs() async throws(StoreError) -> Set<String> {
        Set(try await store.provisionedDrones().filter(\.isActive).map(\.id))
    }
}
