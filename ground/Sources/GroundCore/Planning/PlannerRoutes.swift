import FleetProtocol
import Foundation

/// The routed legs of one ``DayPlanner`` run around the zones that apply, per cruise altitude and
/// (from, to) pair: the planner asks for the same legs over and over (every drone of a home, every
/// queue position), and each is routed once per plan.
struct PlannerRoutes {
    struct LegKey: Hashable {
        var altitudeM: Double
        var from: GeoPoint
        var to: GeoPoint
    }

    let serviceArea: ServiceArea
    let zones: [NoFlyZone]
    let bufferM: Double
    let date: Date
    private var routers: [Double: AirspaceRouter?] = [:]
    private var legs: [LegKey: Result<[GeoPoint], RouteRefusal>] = [:]

    init(serviceArea: ServiceArea?, zones: [NoFlyZone], bufferM: Double, now: Double) {
        self.serviceArea = serviceArea ?? .unrestricted
        self.zones = self.serviceArea.zones + zones
        self.bufferM = bufferM
        date = Date(timeIntervalSince1970: now)
    }

    /// The router for drones cruising at `altitudeM`; nil when no zone applies there, so the planner
    /// keeps its straight legs (and the service area's straight-leg check).
    mutating func router(altitudeM: Double) -> AirspaceRouter? {
        if let known = routers[altitudeM] { return known }
        let applying = zones.filter { $0.isActive(at: date) && $0.restricts(cruiseAltitudeM: altitudeM) }
        let router =
            applying.isEmpty ? nil : AirspaceRouter(serviceArea: serviceArea, zones: applying, bufferM: bufferM)
        routers[altitudeM] = router
        return router
    }

    /// The delivery routed around the zones from `position`, or nil when nothing restricts the flight.
    mutating func route(
        altitudeM: Double, from position: GeoPoint, pickup: GeoPoint, dropoff: GeoPoint, home: GeoPoint
    ) -> Result<DeliveryRoute, RouteRefusal>? {
        guard let router = router(altitudeM: altitudeM) else { return nil }
        return router.route(from: position, pickup: pickup, dropoff: dropoff, home: home) { start, end, name in
            let key = LegKey(altitudeM: altitudeM, from: start, to: end)
            if let known = legs[key] { return known }
            let found = router.leg(from: start, to: end, name: name)
            legs[key] = found
            return found
        }
    }
}
