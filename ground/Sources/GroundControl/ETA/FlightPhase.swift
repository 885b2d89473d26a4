/// The part of an assignment the drone is in, as far as the ETA is concerned.
///
/// Interim mirror of the agent's assignment phases until FleetProtocol's phase enum lands;
/// the raw values match the DESIGN.md lifecycle names so conversion is by raw value.
public enum FlightPhase: String, Sendable, Hashable, Codable {
    case preflight, takeoff, enRouteToPickup, atPickup, enRouteToDropoff, atDropoff, returning, landed, completed, aborted
}
