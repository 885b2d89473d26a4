/// The agent's assignment phase as reported in drone events and state (see DESIGN "Assignment lifecycle").
///
/// Mirrors the wire strings; decoding an unknown phase fails so the ingest can count a bad payload.
public enum DronePhase: String, Codable, Sendable, CaseIterable, Hashable {
    case received, accepted, rejected, preflight, takeoff
    case enRouteToPickup, atPickup, enRouteToDropoff, atDropoff
    case returning, landed, completed, aborted
}
