import FleetProtocol
import Foundation
import MAVLink
import Testing

@testable import DroneAgent

/// The pieces of the airspace work that need no autopilot: route waypoints in the mission, the fence
/// items and their comparison, the alarm debounce, the Remote ID settings and messages.
@Suite("Airspace units")
struct AirspaceUnitTests {
    static let home = GeoPoint(lat: 47.37, lon: 8.53)
    static let detour = [GeoPoint(lat: 47.375, lon: 8.535), GeoPoint(lat: 47.378, lon: 8.537)]

    static func routed() -> Assignment {
        var assignment = MissionBuilderTests.assignment
        assignment.route = Assignment.Route(
            toPickup: detour, toDropoff: [GeoPoint(lat: 47.383, lon: 8.545)], toHome: [GeoPoint(lat: 47.376, lon: 8.55)]
        )
        return assignment
    }

    @Test("each leg flies its route waypoints at cruise altitude; phases start where the legs start")
    func routeWaypoints() {
        let assignment = Self.routed()
        let builder = MissionBuilder(profile: .default, loadingMode: .hover)
        let plan = builder.plan(assignment, home: Self.home)
        #expect(
            plan.steps == [
                .takeoff(Self.home, altitudeM: 50), .waypoint(Self.detour[0], altitudeM: 50),
                .waypoint(Self.detour[1], altitudeM: 50), .waypoint(assignment.pickup, altitudeM: 50),
                .hover(assignment.pickup, altitudeM: 50, seconds: 20),
                .waypoint(GeoPoint(lat: 47.383, lon: 8.545), altitudeM: 50),
                .waypoint(assignment.dropoff, altitudeM: 50), .waypoint(assignment.dropoff, altitudeM: 10),
                .gripper(release: true), .hover(assignment.dropoff, altitudeM: 10, seconds: 5),
                .waypoint(assignment.dropoff, altitudeM: 50),
                .waypoint(GeoPoint(lat: 47.376, lon: 8.55), altitudeM: 50),
                .returnToLaunch,
            ])
        #expect(
            plan.layout
                == MissionLayout(
                    itemCount: 13, enRouteToPickup: 1, atPickup: 4, enRouteToDropoff: 5, atDropoff: 9, returning: 11))
        // A re-route resumes at the first waypoint of the leg being flown.
        #expect(builder.resumeStep(for: .enRouteToPickup, in: plan, route: assignment.route!) == 1)
        #expect(builder.resumeStep(for: .enRouteToDropoff, in: plan, route: assignment.route!) == 5)
        #expect(builder.resumeStep(for: .returning, in: plan, route: assignment.route!) == 11)
        let land = MissionBuilder(profile: .default, loadingMode: .land)
        let landPlan = land.plan(assignment, home: Self.home)
        // Land loading: the leg to the dropoff starts after the takeoff at the pickup.
        #expect(
            landPlan.steps[land.resumeStep(for: .enRouteToDropoff, in: landPlan, route: assignment.route!)]
                == .waypoint(GeoPoint(lat: 47.383, lon: 8.545), altitudeM: 50))
    }

    static func airspace() throws -> Airspace {
        Airspace(
            inclusion: try Geofence(vertices: [
                GeoPoint(lat: 47.36, lon: 8.52), GeoPoint(lat: 47.36, lon: 8.58), GeoPoint(lat: 47.41, lon: 8.58),
                GeoPoint(lat: 47.41, lon: 8.52),
            ]),
            exclusions: [
                ExclusionZone(zoneID: "zone-fire", center: GeoPoint(lat: 47.3875, lon: 8.5525), radiusM: 300),
                ExclusionZone(
                    zoneID: "zone-hospital",
                    vertices: [
                        GeoPoint(lat: 47.37, lon: 8.53), GeoPoint(lat: 47.372, lon: 8.53),
                        GeoPoint(lat: 47.371, lon: 8.534),
                    ]),
            ])
    }

    @Test("fence items: inclusion then exclusion polygons with their vertex count, circles with their radius")
    func fenceItems() throws {
        let items = FenceEncoder.items(try Self.airspace())
        #expect(
            items.map(\.command)
                == Array(repeating: .navFencePolygonVertexInclusion, count: 4) + [.navFenceCircleExclusion]
                + Array(repeating: .navFencePolygonVertexExclusion, count: 3))
        #expect(items.map(\.param1) == [4, 4, 4, 4, 300, 3, 3, 3])
        #expect(items.map(\.seq) == Array(0..<8))
        #expect(items.allSatisfy { $0.missionType == .fence && $0.frame == .globalInt })
        #expect(items[4].x == 473_875_000 && items[4].y == 85_525_000)
    }

    @Test("read-back comparison ignores frame and altitude, names the first difference")
    func readBack() throws {
        let sent = FenceEncoder.items(try Self.airspace())
        var back = sent.map { item in
            var item = item
            item.frame = .global
            item.z = 0
            return item
        }
        #expect(FenceEncoder.difference(uploaded: sent, readBack: back) == nil)
        back[2].x += 1
        #expect(FenceEncoder.difference(uploaded: sent, readBack: back)?.hasPrefix("item 2: position") == true)
        #expect(
            FenceEncoder.difference(uploaded: sent, readBack: Array(back.prefix(3)))
                == "3 items read back, 8 uploaded")
    }

    static func vehicle(fix: Int = 3, at point: GeoPoint = GeoPoint(lat: 47.38, lon: 8.54)) -> VehicleState {
        var v = VehicleState()
        v.autopilotAlive = true
        v.gps = Telemetry.GPSStatus(fixType: fix, satellites: 10)
        v.position = Telemetry.Position(lat: point.lat, lon: point.lon, altAmslM: 450, altRelM: 40)
        v.landedState = .inAir
        v.armed = true
        v.batteryPercent = 60
        return v
    }

    @Test("gpsLost: raised once after 2 s below 3D, cleared after 2 s back, raised again on a new onset")
    func gpsDebounce() {
        var watch = AlarmWatch()
        let t0 = ContinuousClock.now
        #expect(watch.evaluate(Self.vehicle(), airspace: nil, now: t0).isEmpty)
        #expect(watch.evaluate(Self.vehicle(fix: 2), airspace: nil, now: t0 + .seconds(1)).isEmpty)
        // A dropout shorter than the debounce is no alarm.
        #expect(watch.evaluate(Self.vehicle(), airspace: nil, now: t0 + .milliseconds(2500)).isEmpty)
        #expect(watch.evaluate(Self.vehicle(fix: 1), airspace: nil, now: t0 + .seconds(3)).isEmpty)
        let raised = watch.evaluate(Self.vehicle(fix: 1), airspace: nil, now: t0 + .seconds(5))
        #expect(raised.map(\.code) == [.gpsLost] && raised.first?.severity == .critical)
        #expect(watch.evaluate(Self.vehicle(fix: 1), airspace: nil, now: t0 + .seconds(9)).isEmpty)
        #expect(watch.evaluate(Self.vehicle(), airspace: nil, now: t0 + .seconds(10)).isEmpty)
        let cleared = watch.evaluate(Self.vehicle(), airspace: nil, now: t0 + .seconds(12))
        #expect(cleared.map(\.severity) == [.info])
        #expect(watch.evaluate(Self.vehicle(fix: 0), airspace: nil, now: t0 + .seconds(13)).isEmpty)
        #expect(watch.evaluate(Self.vehicle(fix: 0), airspace: nil, now: t0 + .seconds(15)).map(\.code) == [.gpsLost])
    }

    @Test("criticalBattery from the autopilot's charge state; geofenceBreach names the zone and the position")
    func batteryAndFence() throws {
        var watch = AlarmWatch()
        let t0 = ContinuousClock.now
        var low = Self.vehicle()
        low.batteryChargeState = 3
        #expect(watch.evaluate(low, airspace: nil, now: t0).isEmpty)
        #expect(watch.evaluate(low, airspace: nil, now: t0 + .seconds(1)).map(\.code) == [.criticalBattery])

        let airspace = try Self.airspace()
        var fence = AlarmWatch()
        let inZone = Self.vehicle(at: GeoPoint(lat: 47.3875, lon: 8.5525))
        #expect(fence.evaluate(inZone, airspace: airspace, now: t0).isEmpty)
        let breach = fence.evaluate(inZone, airspace: airspace, now: t0 + .seconds(1))
        #expect(breach.map(\.code) == [.geofenceBreach])
        #expect(breach.first?.message.contains("zone zone-fire") == true)
        #expect(breach.first?.message.contains("47.387500, 8.552500") == true)
        #expect(AlarmWatch.violatedZone(at: GeoPoint(lat: 47.5, lon: 8.54), airspace: airspace) == "serviceArea")
        #expect(AlarmWatch.violatedZone(at: GeoPoint(lat: 47.371, lon: 8.531), airspace: airspace) == "zone-hospital")
        #expect(AlarmWatch.violatedZone(at: GeoPoint(lat: 47.40, lon: 8.57), airspace: airspace) == nil)
        // ArduPilot's FENCE_STATUS counts even where the agent's own airspace says nothing.
        var reported = Self.vehicle()
        reported.fenceBreached = true
        #expect(AlarmWatch.breach(reported, airspace: nil)?.contains("FENCE_STATUS") == true)
    }

    @Test("remoteId: ids validated with the field named; messages carry the ids, position and operator location")
    func remoteID() throws {
        let config = try AgentConfiguration.parse(
            yaml: "droneId: a\nremoteId: {uasId: SR1234567890, operatorId: CHEabc123}\n")
        let settings = try #require(config.remoteID)
        #expect(settings.idType == 1 && settings.uaType == 2)
        #expect(
            throws: ConfigurationError.invalid(
                field: "remoteId.operatorId", reason: "must be 1...20 printable ASCII characters")
        ) {
            try AgentConfiguration.parse(
                yaml: "droneId: a\nremoteId: {uasId: SR1, operatorId: 'way too long for the field 123'}\n")
        }
        #expect(
            throws: ConfigurationError.invalid(
                field: "remoteId.uasId", reason: "must be 1...20 printable ASCII characters")
        ) {
            try AgentConfiguration.parse(yaml: "droneId: a\nremoteId: {uasId: 'has space', operatorId: OP}\n")
        }
        var vehicle = Self.vehicle()
        vehicle.home = Self.home
        let messages = RemoteIDBroadcaster.messages(
            settings, vehicle: vehicle, now: Date(timeIntervalSince1970: 1_764_061_234))
        let basic = try #require(messages[0] as? OpenDroneIDBasicID)
        #expect(Array(basic.uasID.prefix(12)) == [UInt8]("SR1234567890".utf8) && basic.uasID.count == 20)
        let location = try #require(messages[1] as? OpenDroneIDLocation)
        #expect(location.status == 2 && location.latitude == 473_800_000 && location.height == 40)
        let system = try #require(messages[2] as? OpenDroneIDSystem)
        #expect(system.operatorLatitude == 473_700_000 && system.timestamp == 1_764_061_234 - 1_546_300_800)
        let operatorID = try #require(messages[3] as? OpenDroneIDOperatorID)
        #expect(operatorID.operatorID == "CHEabc123")
    }
}
