import FleetProtocol
import Foundation
import GroundCore
import MQTTClient

extension IngestPipeline {
    /// How often an unknown drone's messages are logged (they are counted every time).
    static let unknownDroneLogInterval: Duration = .seconds(60)

    /// Whether a message from `drone` may touch fleet state: only a registered, active drone's may.
    /// Anything else (the observer account, a retired drone, a made-up id) is counted in
    /// `skyrelay_unknown_drone_messages_total{kind}`, logged once a minute per drone, and dropped
    /// before it can create a drone record, a fleet entry, an offer or a stored event.
    mutating func admits(_ drone: DroneID, kind: TopicKind) async -> Bool {
        let now = ContinuousClock.now
        let standing: DroneRoster.Standing
        do { standing = try await rosterStanding(of: drone.rawValue, at: now) } catch {
            ingest.metrics.recordUnknownDroneMessage(kind: kind.rawValue)
            ingest.logger.error(
                "drone registry not readable; message dropped",
                metadata: [
                    "drone": "\(drone)", "kind": "\(kind.rawValue)", "error": "\(error)",
                ])
            return false
        }
        guard standing != .active else { return true }
        ingest.metrics.recordUnknownDroneMessage(kind: kind.rawValue)
        if let last = unknownDroneLogged[drone.rawValue], now - last < Self.unknownDroneLogInterval { return false }
        if unknownDroneLogged.count > 10_000 { unknownDroneLogged.removeAll() }
        unknownDroneLogged[drone.rawValue] = now
        ingest.logger.warning(
            "message from a drone that is not registered; dropped",
            metadata: [
                "drone": "\(drone)", "standing": "\(standing.rawValue)", "kind": "\(kind.rawValue)",
            ])
        return false
    }

    /// From the pipeline's copy of the roster while it is current (no hop onto the roster actor per
    /// message); a stale copy is replaced, and an id it does not hold is asked of the roster itself.
    private mutating func rosterStanding(of droneID: String, at now: ContinuousClock.Instant) async throws(StoreError)
        -> DroneRoster.Standing
    {
        if let known = rosterView?.standing(of: droneID, at: now) { return known }
        if rosterView?.isCurrent(at: now) != true {
            let view = try await ingest.roster.view()
            rosterView = view
            if let known = view.standing(of: droneID, at: now) { return known }
        }
        return try await ingest.roster.standing(of: droneID)
    }
}
