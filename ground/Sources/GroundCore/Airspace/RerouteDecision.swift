import FleetProtocol

/// What a drone in flight must do after the zones changed.
package enum RerouteDecision: Sendable, Hashable {
    /// Its remaining path crosses no zone.
    case clear
    /// Fly this route from where it is (the zone it avoids named).
    case reroute(Assignment.Route, zoneID: String)
    /// No safe path to go on, but the straight way home crosses no zone: return home.
    case returnHome(zoneID: String)
    /// No safe path and no clear way home: land where it is (outside the zone unless it is already in it).
    case landNow(zoneID: String)
}
