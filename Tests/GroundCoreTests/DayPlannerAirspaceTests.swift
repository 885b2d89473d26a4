import FleetProtocol
import Foundation
import Testing

@testable import GroundCore

private let base = GeoPoint(lat: 47.0, lon: 8.0)
private let now = 1_800_000_000.0

private func point(_ east: Double, _ north: Double) -> GeoPoint { base.moved(east: east, north: north) }

private func zone(_ id: String, _ corners: [(Double, Double)], endsAt: Date? = nil) throws -> NoFlyZone {
    NoFlyZone(id: id, polygon: try Geofence(vertices: corners.map { point($0.0, $0.1) }), endsAt: endsAt)
}

private let area = ServiceArea(
    try! Geofence(vertices: [point(-3000, -3000), point(5000, -3000), point(5000, 3000), point(-3000, 3000)]))

/// A wall between home (0, 0) and the pickup (1000, 0): every leg from or to home goes round it.
private let wall = [(400.0, -800.0), (600.0, -800.0), (600.0, 800.0), (400.0, 800.0)]

private func job(_ id: String, pickup: GeoPoint = point(1000, 0), dropoff: GeoPoint = point(2000, 0)) -> PlannerJob {
    PlannerJob(id: id, pickup: pickup, dropoff: dropoff, payloadKg: 1, requestedAt: now)
}

/// The planner's view of the zones: the straight plan and the routed one differ only by the zones.
@Suite struct DayPlannerAirspaceTests {
    func planner(zones: [NoFlyZone]) -> DayPlanner {
        var planner = DayPlanner(serviceArea: area)
        planner.temporaryZones = zones
        return planner
    }

    @Test("a zone forcing a detour: the ETAs, the return and the energy include the routed length")
    func detourCountsInETAAndEnergy() throws {
        let drone = PlannerDrone(idle: "a", at: base, batteryPercent: 100, now: now)
        let straight = try #require(
            planner(zones: []).plan(now: now, drones: [drone], deliveries: [job("d")]).jobs["d"])
        let routedPlan = planner(zones: [try zone("wall", wall)]).plan(
            now: now, drones: [drone], deliveries: [job("d")])
        let routed = try #require(routedPlan.jobs["d"])

        // The router's own path for the same flight: what the planner must have priced.
        let router = AirspaceRouter(serviceArea: area, zones: [try zone("wall", wall)])
        let path = try router.route(from: base, pickup: point(1000, 0), dropoff: point(2000, 0), home: base).get()
        #expect(path.detourM > 1000, "the wall forces a long way round (\(path.detourM) m)")
        let vehicle = VehicleProfile.default
        let detour = RouteDetour(
            path: path,
            route: RoutePlan(
                home: base, pickup: point(1000, 0), dropoff: point(2000, 0), payloadKg: 1, vehicle: vehicle),
            from: base, vehicle: vehicle)
        #expect(abs((routed.etaPickup - straight.etaPickup) - detour.toPickupSeconds) < 0.01)
        #expect(abs((routed.etaDropoff - straight.etaDropoff) - detour.toDropoffSeconds) < 0.01)
        #expect(abs((routed.returnAt - straight.returnAt) - detour.totalSeconds) < 0.01)
        #expect(abs((routed.missionEnergyWh - straight.missionEnergyWh) - detour.energyWh) < 0.001)
        #expect(routed.etaPickup - straight.etaPickup > path.toPickupM / vehicle.cruiseSpeedMps / 3)
    }

    @Test("lateness counts the detour: a deadline the straight flight meets is missed around the zone")
    func detourMakesTheDeliveryLate() throws {
        let drone = PlannerDrone(idle: "a", at: base, batteryPercent: 100, now: now)
        let straight = try #require(
            planner(zones: []).plan(now: now, drones: [drone], deliveries: [job("d")]).jobs["d"])
        var late = job("d")
        late.deadline = straight.etaDropoff + 10
        let plain = try #require(planner(zones: []).plan(now: now, drones: [drone], deliveries: [late]).jobs["d"])
        #expect(plain.lateSeconds == 0)
        let routed = try #require(
            planner(zones: [try zone("wall", wall)]).plan(now: now, drones: [drone], deliveries: [late]).jobs["d"])
        #expect(routed.lateSeconds > 30)
    }

    @Test("a detour the battery cannot fly is not given to that drone, though the straight flight fits")
    func detourBeyondTheBatteryGoesToAnotherDrone() throws {
        let vehicle = VehicleProfile.default
        let route = RoutePlan(
            home: base, pickup: point(1000, 0), dropoff: point(2000, 0), payloadKg: 1, vehicle: vehicle)
        let straightNeed = EnergyModel(vehicle: vehicle).estimate(route).requiredEnergyWh
        let router = AirspaceRouter(serviceArea: area, zones: [try zone("wall", wall)])
        let path = try router.route(from: base, pickup: point(1000, 0), dropoff: point(2000, 0), home: base).get()
        let routedNeed = straightNeed + RouteDetour(path: path, route: route, from: base, vehicle: vehicle).energyWh
        #expect(routedNeed > straightNeed + 1)
        let between = (straightNeed + routedNeed) / 2
        let near = PlannerDrone(id: "near", home: base, availableAt: now, energyWh: between)
        let far = PlannerDrone(
            id: "far", home: point(-500, 0), availableAt: now, energyWh: vehicle.batteryCapacityWh)

        let straight = planner(zones: []).plan(now: now, drones: [near, far], deliveries: [job("d")])
        #expect(straight.jobs["d"]?.droneID == "near")
        let zoned = planner(zones: [try zone("wall", wall)])
        #expect(zoned.plan(now: now, drones: [near, far], deliveries: [job("d")]).jobs["d"]?.droneID == "far")
        let alone = zoned.plan(now: now, drones: [near], deliveries: [job("d")])
        #expect(alone.jobs["d"] == nil)
        #expect(alone.unplaced["d"] == .insufficientRange)
    }

    @Test("no path around the zones, or a pickup in one: not planned, and the reason says why")
    func unroutableJobsAreNotPlanned() throws {
        let drone = PlannerDrone(idle: "a", at: base, batteryPercent: 100, now: now)
        // A wall across the whole service area: the pickup side cannot be reached.
        let cut = try zone("cut", [(400, -3100), (600, -3100), (600, 3100), (400, 3100)])
        let cutPlan = planner(zones: [cut]).plan(now: now, drones: [drone], deliveries: [job("d")])
        #expect(cutPlan.jobs["d"] == nil)
        #expect(cutPlan.unplaced["d"] == .noSafePath)
        let onPickup = try zone("fire", [(900, -100), (1100, -100), (1100, 100), (900, 100)])
        let firePlan = planner(zones: [onPickup]).plan(now: now, drones: [drone], deliveries: [job("d")])
        #expect(firePlan.unplaced["d"] == .pickupInNoFlyZone)
    }

    @Test("a zone that has ended, or none at all, leaves the straight plan unchanged")
    func inactiveZonesKeepTheStraightPlan() throws {
        let drone = PlannerDrone(idle: "a", at: base, batteryPercent: 100, now: now)
        let ended = try zone("old", wall, endsAt: Date(timeIntervalSince1970: now - 60))
        let straight = planner(zones: []).plan(now: now, drones: [drone], deliveries: [job("d")])
        #expect(planner(zones: [ended]).plan(now: now, drones: [drone], deliveries: [job("d")]) == straight)
    }

    @Test("an idle drone away from home is routed from where it is")
    func idleDroneAwayFromHomeIsRoutedFromItsPosition() throws {
        // Home beyond the wall's far side, the drone idle next to the pickup: only the way home detours.
        let drone = PlannerDrone(idle: "a", at: point(900, 0), home: base, batteryPercent: 100, now: now)
        let straight = try #require(
            planner(zones: []).plan(now: now, drones: [drone], deliveries: [job("d")]).jobs["d"])
        let routed = try #require(
            planner(zones: [try zone("wall", wall)]).plan(now: now, drones: [drone], deliveries: [job("d")]).jobs["d"])
        #expect(abs(routed.etaPickup - straight.etaPickup) < 0.01)
        #expect(abs(routed.etaDropoff - straight.etaDropoff) < 0.01)
        #expect(routed.returnAt > straight.returnAt + 30)
    }

    @Test("a busy drone's routed flight: the detour still ahead, by phase, from where it is")
    func remainingDetourOfAFlyingDrone() throws {
        let vehicle = VehicleProfile.default
        let home = base, pickup = point(1000, 0), dropoff = point(1000, 1000)
        let corner = point(500, -400)
        let back = point(300, 900)
        let route = Assignment.Route(toPickup: [corner], toHome: [back])
        let plan = RoutePlan(home: home, pickup: pickup, dropoff: dropoff, payloadKg: 1, vehicle: vehicle)
        func extraS(_ phase: AssignmentPhase, at position: GeoPoint) -> Double {
            RemainingDetour.cost(route: route, phase: phase, position: position, plan: plan, vehicle: vehicle)
                .durationS
        }
        let homeLeg =
            (DeliveryRoute.length(dropoff, [back], home) - dropoff.distance(to: home)) / vehicle.cruiseSpeedMps
        let pickupLeg =
            (DeliveryRoute.length(home, [corner], pickup) - home.distance(to: pickup)) / vehicle.cruiseSpeedMps
        // On the ground at home: both detours are ahead.
        #expect(abs(extraS(.preflight, at: home) - (pickupLeg + homeLeg)) < 0.01)
        // Past the corner, on its last segment to the pickup: only the way home still detours.
        #expect(abs(extraS(.enRouteToPickup, at: point(750, -200)) - homeLeg) < 0.01)
        #expect(abs(extraS(.enRouteToDropoff, at: point(1000, 500)) - homeLeg) < 0.01)
        // On the way home before the waypoint: what is left of the routed way home, beyond the straight one.
        let returning = point(800, 950)
        let left = returning.distance(to: back) + back.distance(to: home) - returning.distance(to: home)
        #expect(abs(extraS(.returning, at: returning) - left / vehicle.cruiseSpeedMps) < 0.01)
        #expect(extraS(.completed, at: home) == 0)
        #expect(
            RemainingDetour.cost(route: route, phase: .preflight, position: home, plan: plan, vehicle: vehicle)
                .energyWh > 0)
    }
}
