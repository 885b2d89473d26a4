import FleetProtocol
import Foundation
import Testing

@testable import GroundCore

private let base = GeoPoint(lat: 47.0, lon: 8.0)

private func point(_ east: Double, _ north: Double) -> GeoPoint { base.moved(east: east, north: north) }

private func zone(_ id: String, _ corners: [(Double, Double)], floorM: Double? = nil) throws -> NoFlyZone {
    NoFlyZone(id: id, polygon: try Geofence(vertices: corners.map { point($0.0, $0.1) }), floorM: floorM)
}

/// Every segment of `start` → `waypoints` → `end` keeps at least `clearance` metres from every zone
/// and stays inside the area (checked independently of the router, on a fine sampling).
private func expectSafe(
    _ start: GeoPoint, _ waypoints: [GeoPoint], _ end: GeoPoint, zones: [NoFlyZone], area: ServiceArea,
    clearance: Double, sourceLocation: SourceLocation = #_sourceLocation
) {
    let points = [start] + waypoints + [end]
    for (a, b) in zip(points, points.dropFirst()) {
        for step in 0...200 {
            let t = Double(step) / 200
            let p = GeoPoint(lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t)
            for zone in zones {
                #expect(!zone.polygon.contains(p), "sample inside zone \(zone.id)", sourceLocation: sourceLocation)
                let projection = LocalProjection(origin: base)
                let ring = zone.polygon.vertices.map(projection.project)
                let distance = Planar.pointPolygonDistance(projection.project(p), ring)
                #expect(distance >= clearance, "only \(distance) m from \(zone.id)", sourceLocation: sourceLocation)
            }
            #expect(area.contains(p), "sample outside the service area", sourceLocation: sourceLocation)
        }
    }
}

@Suite struct AirspaceRouterTests {
    let area = ServiceArea(
        try! Geofence(vertices: [point(-2000, -2000), point(4000, -2000), point(4000, 4000), point(-2000, 4000)]))

    @Test func straightWhenNothingIsInTheWay() throws {
        let router = AirspaceRouter(
            serviceArea: area, zones: [try zone("far", [(3000, 3000), (3500, 3000), (3500, 3500)])])
        #expect(try router.path(from: point(0, 0), to: point(1000, 0)).get() == [])
    }

    @Test func goesAroundAConvexZoneKeepingTheBuffer() throws {
        let block = try zone("block", [(400, -300), (600, -300), (600, 300), (400, 300)])
        let router = AirspaceRouter(serviceArea: area, zones: [block], bufferM: 30)
        let start = point(0, 0), end = point(1000, 0)
        let waypoints = try router.path(from: start, to: end).get()
        #expect(!waypoints.isEmpty)
        expectSafe(start, waypoints, end, zones: [block], area: area, clearance: 29.9)
        // Shortest way round: over a corner of the 300 m half-height plus the buffer, along the 200 m
        // top and down again; the corner arcs add a few metres, never a detour.
        let length = DeliveryRoute.length(start, waypoints, end)
        let tight = 2 * (400.0 * 400 + 330 * 330).squareRoot() + 200
        #expect(length > tight - 1 && length < tight + 25, "routed \(length) m, tight bound \(tight) m")
    }

    @Test func concaveZoneIsLeftByTheShortSideNotThroughTheNotch() throws {
        // A U open to the west: the start sits in the notch, the end east of the U.
        let u = try zone(
            "u", [(200, -400), (800, -400), (800, 400), (200, 400), (200, 250), (650, 250), (650, -250), (200, -250)])
        let router = AirspaceRouter(serviceArea: area, zones: [u], bufferM: 25)
        let start = point(400, 0), end = point(1200, 0)
        let waypoints = try router.path(from: start, to: end).get()
        expectSafe(start, waypoints, end, zones: [u], area: area, clearance: 24.9)
        #expect(waypoints.count >= 3)
    }

    @Test func serviceAreaHolesAreZones() throws {
        let geoJSON = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[
                [[7.97,46.98],[8.05,46.98],[8.05,47.03],[7.97,47.03],[7.97,46.98]],
                [[8.004,46.995],[8.008,46.995],[8.008,47.005],[8.004,47.005],[8.004,46.995]]]}},
              {"type":"Feature","properties":{"kind":"no-fly","id":"hospital","floorM":0,"ceilingM":120},
               "geometry":{"type":"Polygon","coordinates":[[[8.02,46.99],[8.025,46.99],[8.025,46.995],[8.02,46.99]]]}}
            ]}
            """
        let parsed = try ServiceArea(geoJSON: Data(geoJSON.utf8))
        #expect(parsed.polygons.count == 1)
        #expect(parsed.zones.map(\.id) == ["hole-0-1", "hospital"])
        #expect(parsed.zones[1].ceilingM == 120)
        let router = AirspaceRouter(serviceArea: parsed, zones: parsed.zones)
        let start = GeoPoint(lat: 47.0, lon: 7.99), end = GeoPoint(lat: 47.0, lon: 8.02)
        let waypoints = try router.path(from: start, to: end).get()
        #expect(!waypoints.isEmpty)
        #expect(router.firstZone(crossedBy: [start] + waypoints + [end]) == nil)
        #expect(router.firstZone(crossedBy: [start, end]) == "hole-0-1")
    }

    @Test func pickupInsideAZoneIsRefusedWithItsName() throws {
        let fire = try zone("fire", [(400, -300), (600, -300), (600, 300), (400, 300)])
        let router = AirspaceRouter(serviceArea: area, zones: [fire])
        let result = router.route(from: point(0, 0), pickup: point(500, 0), dropoff: point(1500, 0), home: point(0, 0))
        #expect(throws: RouteRefusal.pickupInZone(zoneID: "fire")) { try result.get() }

        var scheduler = Scheduler(serviceArea: area)
        scheduler.temporaryZones = [fire]
        let delivery = PendingDelivery(
            id: "d", pickup: point(500, 0), dropoff: point(1500, 0), payloadKg: 1, requestedAt: 0)
        let drone = AvailableDrone(id: "q", position: point(0, 0), home: point(0, 0), batteryPercent: 100)
        #expect(
            scheduler.schedule(deliveries: [delivery], drones: [drone], now: 0).unassigned["d"] == .pickupInNoFlyZone)
    }

    @Test func noPathWhenAZoneCutsTheAreaInTwo() throws {
        let wall = try zone("wall", [(900, -2100), (1100, -2100), (1100, 4100), (900, 4100)])
        let router = AirspaceRouter(serviceArea: area, zones: [wall])
        #expect(throws: RoutingFailure.noPath) { try router.path(from: point(0, 0), to: point(2000, 0)).get() }

        var scheduler = Scheduler(serviceArea: area)
        scheduler.temporaryZones = [wall]
        let delivery = PendingDelivery(
            id: "d", pickup: point(0, 100), dropoff: point(2000, 0), payloadKg: 1, requestedAt: 0)
        let drone = AvailableDrone(id: "q", position: point(0, 0), home: point(0, 0), batteryPercent: 100)
        #expect(scheduler.schedule(deliveries: [delivery], drones: [drone], now: 0).unassigned["d"] == .noSafePath)
    }

    @Test func zonesOnlyCountWhileActiveAndBelowTheirFloor() throws {
        var high = try zone("high", [(400, -300), (600, -300), (600, 300), (400, 300)], floorM: 150)
        #expect(!high.restricts(cruiseAltitudeM: 60))
        #expect(high.restricts(cruiseAltitudeM: 200))
        high.floorM = nil
        high.startsAt = Date(timeIntervalSince1970: 1000)
        high.endsAt = Date(timeIntervalSince1970: 2000)
        #expect(!high.isActive(at: Date(timeIntervalSince1970: 999)))
        #expect(high.isActive(at: Date(timeIntervalSince1970: 1500)))
        #expect(!high.isActive(at: Date(timeIntervalSince1970: 2000)))
    }

    @Test("every scheduled route keeps clear of every zone, and costs its routed length")
    func scheduledRoutesAreSafeAndCostTheDetour() throws {
        let zones = [
            try zone("a", [(400, -300), (600, -300), (600, 300), (400, 300)]),
            try zone("b", [(1200, 200), (1500, 100), (1600, 600), (1300, 800)]),
        ]
        var scheduler = Scheduler(serviceArea: area)
        let straight = scheduler
        scheduler.temporaryZones = zones
        let delivery = PendingDelivery(
            id: "d", pickup: point(900, 0), dropoff: point(2000, 500), payloadKg: 1, requestedAt: 0)
        let home = point(0, 0)
        let drone = AvailableDrone(id: "q", position: home, home: home, batteryPercent: 100)
        let result = scheduler.schedule(deliveries: [delivery], drones: [drone], now: 0)
        let assignment = try #require(result.assignments.first)
        let route = try #require(assignment.route)
        expectSafe(home, route.toPickup, delivery.pickup, zones: zones, area: area, clearance: 29.9)
        expectSafe(delivery.pickup, route.toDropoff, delivery.dropoff, zones: zones, area: area, clearance: 29.9)
        expectSafe(delivery.dropoff, route.toHome, home, zones: zones, area: area, clearance: 29.9)
        #expect(assignment.airspace?.exclusions.map(\.zoneID) == ["a", "b"])
        let direct = try #require(straight.schedule(deliveries: [delivery], drones: [drone], now: 0).assignments.first)
        #expect(assignment.secondsToPickup > direct.secondsToPickup)
        #expect(assignment.missionEnergyWh > direct.missionEnergyWh)
    }

    @Test("the routing step: path per leg, fences, routed lengths and detour, or a named refusal")
    func planGivesPathFencesLengthsAndDetour() throws {
        let block = try zone("block", [(400, -300), (600, -300), (600, 300), (400, 300)])
        let router = AirspaceRouter(serviceArea: area, zones: [block])
        let home = point(0, 0), pickup = point(1000, 0), dropoff = point(1000, 1000)
        let routed = try router.plan(from: home, pickup: pickup, dropoff: dropoff, home: home).get()
        #expect(!routed.path.toPickup.isEmpty)
        #expect(routed.path.toDropoff.isEmpty)
        #expect(routed.path.toPickupM == DeliveryRoute.length(home, routed.path.toPickup, pickup))
        #expect(routed.path.toDropoffM == pickup.distance(to: dropoff))
        let straight = home.distance(to: pickup) + pickup.distance(to: dropoff) + dropoff.distance(to: home)
        let flown = routed.path.toPickupM + routed.path.toDropoffM + routed.path.toHomeM
        #expect(abs(routed.path.detourM - (flown - straight)) < 1e-6)
        #expect(routed.path.detourM > 50)
        #expect(routed.path.wire == Assignment.Route(toPickup: routed.path.toPickup, toHome: routed.path.toHome))
        #expect(routed.airspace.exclusions.map(\.zoneID) == ["block"])
        #expect(routed.airspace.inclusion == area.polygons.first)
        let refused = router.plan(from: home, pickup: point(500, 0), dropoff: dropoff, home: home)
        #expect(throws: RouteRefusal.pickupInZone(zoneID: "block")) { try refused.get() }
    }

    @Test func zoneValidationNamesTheField() throws {
        let bowtie = try zone("x", [(0, 0), (100, 100), (100, 0), (0, 100)])
        #expect(throws: ZoneValidationError.self) { try bowtie.validate() }
        do { try bowtie.validate() } catch { #expect(error.code == "self_intersecting") }
        var inverted = try zone("y", [(0, 0), (100, 0), (100, 100)])
        inverted.floorM = 100
        inverted.ceilingM = 50
        do { try inverted.validate() } catch { #expect(error.field == "ceilingM") }
        var backwards = try zone("z", [(0, 0), (100, 0), (100, 100)])
        backwards.startsAt = Date(timeIntervalSince1970: 2000)
        backwards.endsAt = Date(timeIntervalSince1970: 1000)
        do { try backwards.validate() } catch { #expect(error.field == "endsAt") }
        let depot = try zone("depot", [(-10, -10), (10, -10), (10, 10), (-10, 10)])
        do { try depot.validate(protectedPoints: [("the home of drone q", point(0, 0))]) } catch {
            #expect(error.code == "covers_depot")
        }
        #expect(throws: ZoneValidationError.self) {
            try depot.validate(pickups: [("d1", point(1, 1))])
        }
        try depot.validate(protectedPoints: [("far", point(500, 500))])
    }

    @Test("a zone across the remaining path: reroute if a safe path exists, else home if clear, else land")
    func rerouteDecisions() throws {
        let home = point(0, 0), pickup = point(0, 2000), dropoff = point(1000, 2500)
        let here = point(0, 300)
        let across = try zone("across", [(-200, 900), (200, 900), (200, 1100), (-200, 1100)])
        let router = AirspaceRouter(serviceArea: area, zones: [across])
        // Flying straight before the zone: the new route goes round it, from where the drone is.
        guard
            case let .reroute(route, zoneID) = router.reroute(
                phase: .enRouteToPickup, position: here, pickup: pickup, dropoff: dropoff, home: home, route: nil)
        else {
            Issue.record("expected a reroute")
            return
        }
        #expect(zoneID == "across")
        expectSafe(here, route.toPickup, pickup, zones: [across], area: area, clearance: 29.9)
        // The new route is then clear: nothing more to do.
        #expect(
            router.reroute(
                phase: .enRouteToPickup, position: here, pickup: pickup, dropoff: dropoff, home: home, route: route)
                == .clear)

        // A zone over the pickup: no way on, the way home is clear.
        let overPickup = try zone("fire", [(-300, 1800), (300, 1800), (300, 2200), (-300, 2200)])
        let blocked = AirspaceRouter(serviceArea: area, zones: [overPickup])
        #expect(
            blocked.reroute(
                phase: .enRouteToPickup, position: here, pickup: pickup, dropoff: dropoff, home: home, route: nil)
                == .returnHome(zoneID: "fire"))
        // And a zone between the drone and home too: land where it is.
        let behind = try zone("behind", [(-300, 100), (300, 100), (300, 200), (-300, 200)])
        let trapped = AirspaceRouter(serviceArea: area, zones: [overPickup, behind])
        #expect(
            trapped.reroute(
                phase: .enRouteToPickup, position: here, pickup: pickup, dropoff: dropoff, home: home, route: nil)
                == .landNow(zoneID: "fire"))
        // Past the zone (carrying the package towards the dropoff) only what is left counts.
        #expect(
            router.reroute(
                phase: .enRouteToDropoff, position: point(300, 2100), pickup: pickup, dropoff: dropoff,
                home: point(1000, 2000),
                route: nil) == .clear)
    }
}
