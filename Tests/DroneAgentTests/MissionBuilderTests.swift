import DroneAgent
import FleetProtocol
import Foundation
import MAVLink
import Testing

@Suite("Mission builder")
struct MissionBuilderTests {
    static let assignment = Assignment(
        assignmentID: "a", deliveryID: "d", pickup: GeoPoint(lat: 47.38, lon: 8.54),
        dropoff: GeoPoint(lat: 47.385, lon: 8.55),
        payloadKg: 1, cruiseAltitudeM: 50, loadingSeconds: 20)
    static let home = GeoPoint(lat: 47.37, lon: 8.53)

    @Test("land loading: takeoff, pickup, land, wait, grab, takeoff, dropoff, descend, release, hover, climb, RTL")
    func landLoading() {
        let plan = MissionBuilder(profile: .default, loadingMode: .land).plan(Self.assignment, home: Self.home)
        #expect(
            plan.steps == [
                .takeoff(Self.home, altitudeM: 50), .waypoint(Self.assignment.pickup, altitudeM: 50),
                .land(Self.assignment.pickup),
                .waitOnGround(seconds: 20), .gripper(release: false), .takeoff(Self.assignment.pickup, altitudeM: 50),
                .waypoint(Self.assignment.dropoff, altitudeM: 50), .waypoint(Self.assignment.dropoff, altitudeM: 10),
                .gripper(release: true),
                .hover(Self.assignment.dropoff, altitudeM: 10, seconds: 5),
                .waypoint(Self.assignment.dropoff, altitudeM: 50), .returnToLaunch,
            ])
        #expect(
            plan.layout
                == MissionLayout(
                    itemCount: 12, enRouteToPickup: 1, atPickup: 3, enRouteToDropoff: 5, atDropoff: 9, returning: 11))
    }

    @Test("hover loading hovers above the pickup instead of landing")
    func hoverLoading() {
        let plan = MissionBuilder(profile: .default, loadingMode: .hover).plan(Self.assignment, home: Self.home)
        #expect(plan.steps[2] == .hover(Self.assignment.pickup, altitudeM: 50, seconds: 20))
        #expect(!plan.steps.contains { if case .land = $0 { true } else { false } })
        #expect(
            plan.layout.atPickup == 2 && plan.layout.enRouteToDropoff == 3 && plan.layout.atDropoff == 6
                && plan.layout.returning == 8)
    }

    @Test("mission progress maps to lifecycle phases")
    func layoutPhases() {
        let layout = MissionBuilder(profile: .default, loadingMode: .land).plan(Self.assignment, home: Self.home).layout
        let phases = (0..<layout.itemCount).map { layout.phase(current: $0, complete: false) }
        #expect(
            phases == [
                .takeoff, .enRouteToPickup, .enRouteToPickup, .atPickup, .atPickup, .enRouteToDropoff,
                .enRouteToDropoff,
                .enRouteToDropoff, .enRouteToDropoff, .atDropoff, .atDropoff, .returning,
            ])
        #expect(layout.phase(current: 0, complete: true) == .returning)
    }

    @Test("a layout persisted before enRouteToPickup existed decodes with the take-off at item 0")
    func legacyLayout() throws {
        let json = #"{"itemCount":12,"atPickup":3,"enRouteToDropoff":5,"atDropoff":9,"returning":11}"#
        let layout = try JSONDecoder().decode(MissionLayout.self, from: Data(json.utf8))
        #expect(layout.enRouteToPickup == 1 && layout.phase(current: 0, complete: false) == .takeoff)
    }

    @Test("cancel with the package aboard: back to the pickup, land, wait, release, take off, home")
    func returnToPickup() {
        let steps = MissionBuilder(profile: .default, loadingMode: .land).returnToPickup(Self.assignment)
        #expect(
            steps == [
                .waypoint(Self.assignment.pickup, altitudeM: 50), .land(Self.assignment.pickup),
                .waitOnGround(seconds: 20),
                .gripper(release: true), .takeoff(Self.assignment.pickup, altitudeM: 50), .returnToLaunch,
            ])
    }
}
