import FleetProtocol
import Foundation
import Testing

@testable import GroundCore

/// The routed delivery that docs/airspace.md shows: planned by the real scheduler and router, checked
/// here, and written as JSON for `docs/images/airspace-picture.py` to draw when `SKYRELAY_AIRSPACE_JSON` names a file.
@Suite struct AirspacePictureTests {
    static let base = GeoPoint(lat: 47.3769, lon: 8.5417)

    func p(_ east: Double, _ north: Double) -> GeoPoint { Self.base.moved(east: east, north: north) }

    @Test func routedDeliveryAroundZones() throws {
        // An L-shaped service area with a hole (a permanent zone) and an operator's temporary zone.
        let outer = try Geofence(vertices: [
            p(-500, -500), p(3500, -500), p(3500, 1200), p(1500, 1200), p(1500, 3000), p(-500, 3000),
        ])
        let hole = NoFlyZone(
            id: "hole-0-1", polygon: try Geofence(vertices: [p(300, 300), p(800, 250), p(900, 700), p(350, 800)]),
            origin: .serviceAreaHole)
        let fire = NoFlyZone(
            id: "fire", name: "Fire",
            polygon: try Geofence(vertices: [p(1700, -300), p(2300, -300), p(2300, 700), p(2000, 400), p(1700, 700)]))
        var scheduler = Scheduler(serviceArea: ServiceArea(polygons: [outer], zones: [hole]))
        scheduler.temporaryZones = [fire]
        let home = p(0, 0)
        let delivery = PendingDelivery(
            id: "d", pickup: p(1000, 2500), dropoff: p(3200, 200), payloadKg: 1, requestedAt: 0)
        let drone = AvailableDrone(id: "sr-001", position: home, home: home, batteryPercent: 100)
        let result = scheduler.schedule(deliveries: [delivery], drones: [drone], now: 0)
        let assignment = try #require(result.assignments.first)
        let route = try #require(assignment.route)
        let toPickup: [GeoPoint] = [home] + route.toPickup + [delivery.pickup]
        let toDropoff: [GeoPoint] = [delivery.pickup] + route.toDropoff + [delivery.dropoff]
        let toHome: [GeoPoint] = [delivery.dropoff] + route.toHome + [home]
        let legs: [[GeoPoint]] = [toPickup, toDropoff, toHome]
        let router = AirspaceRouter(serviceArea: ServiceArea(polygons: [outer]), zones: [hole, fire])
        for leg in legs {
            #expect(router.firstZone(crossedBy: leg, marginM: 29) == nil)
            for (a, b) in zip(leg, leg.dropFirst()) { #expect(outer.containsSegment(a, b)) }
        }
        #expect(!route.toDropoff.isEmpty, "the straight pickup→dropoff leg leaves the L-shaped area")

        guard let path = ProcessInfo.processInfo.environment["SKYRELAY_AIRSPACE_JSON"] else { return }
        func pair(_ point: GeoPoint) -> [Double] { [point.lat, point.lon] }
        let picture: [String: Any] = [
            "serviceArea": outer.vertices.map(pair),
            "zones": [hole, fire].map { (zone: NoFlyZone) -> [String: Any] in
                ["id": zone.id, "vertices": zone.polygon.vertices.map(pair)]
            },
            "home": pair(home), "pickup": pair(delivery.pickup), "dropoff": pair(delivery.dropoff),
            "legs": legs.map { $0.map(pair) },
            "bufferM": AirspaceRouter.defaultBufferM,
        ]
        let data = try JSONSerialization.data(withJSONObject: picture, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
    }
}
