import DroneAgent
import FleetProtocol
import MAVLink
import Testing

@Suite("Mission builder")
struct MissionBuilderTests {
    static let assignment = Assignment(
        assignmentId: "a", deliveryId: "d", pickup: GeoPoint(lat: 47.38, lon: 8.54), dropoff: GeoPoint(lat: 47.385, lon: 8.55),
        payloadKg: 1, cruiseAltitudeM: 50, loadingSeconds: 20)

    @Test("land loading: takeoff, pickup, land, wait, grab, takeoff, dropoff, descend, release, hover, climb, RTL")
    func landLoading() {
        let (items, layout) = MissionBuilder(profile: .default, loadingMode: .land).build(Self.assignment)
        #expect(items.map(\.command) == [.navTakeoff, .navWaypoint, .navLand, .navLoiterTime, .doGripper, .navTakeoff,
                                         .navWaypoint, .navWaypoint, .doGripper, .navLoiterTime, .navWaypoint, .navReturnToLaunch])
        #expect(items.map(\.seq) == (0..<UInt16(items.count)).map { $0 })
        #expect(items.filter { $0.current == 1 }.count == 1 && items[0].current == 1)
        #expect(items.allSatisfy { $0.frame == .globalRelativeAltInt && $0.autocontinue == 1 })
        // Pickup waypoint at cruise altitude; the dropoff descent goes to the 10 m release height.
        #expect(items[1].x == 473_800_000 && items[1].y == 85_400_000 && items[1].z == 50)
        #expect(items[3].param1 == 20, "loading time from the assignment")
        #expect(items[7].x == 473_850_000 && items[7].z == 10)
        #expect(items[4].param2 == 1 && items[8].param2 == 0, "gripper grab at pickup, release at dropoff")
        #expect(items[9].param1 == 5, "hover after release")
        #expect(layout == MissionLayout(itemCount: 12, atPickup: 3, enRouteToDropoff: 5, atDropoff: 9, returning: 11))
    }

    @Test("hover loading loiters above the pickup instead of landing")
    func hoverLoading() {
        let (items, layout) = MissionBuilder(profile: .default, loadingMode: .hover).build(Self.assignment)
        #expect(items.map(\.command) == [.navTakeoff, .navWaypoint, .navLoiterTime, .navWaypoint, .navWaypoint, .doGripper,
                                         .navLoiterTime, .navWaypoint, .navReturnToLaunch])
        #expect(items[2].z == 50 && items[2].param1 == 20)
        #expect(layout.atPickup == 2 && layout.enRouteToDropoff == 3 && layout.atDropoff == 6 && layout.returning == 8)
    }

    @Test("mission progress maps to lifecycle phases")
    func layoutPhases() {
        let layout = MissionBuilder(profile: .default, loadingMode: .land).build(Self.assignment).layout
        let phases = (0..<layout.itemCount).map { layout.phase(current: $0, complete: false) }
        #expect(phases == [.takeoff, .enRouteToPickup, .enRouteToPickup, .atPickup, .atPickup, .enRouteToDropoff, .enRouteToDropoff,
                           .enRouteToDropoff, .enRouteToDropoff, .atDropoff, .atDropoff, .returning])
        #expect(layout.phase(current: 0, complete: true) == .returning)
    }

    @Test("cancel with the package aboard: back to the pickup, land, wait, release, take off, home")
    func returnToPickup() {
        let items = MissionBuilder(profile: .default, loadingMode: .land).returnToPickup(Self.assignment)
        #expect(items.map(\.command) == [.navWaypoint, .navLand, .navLoiterTime, .doGripper, .navTakeoff, .navReturnToLaunch])
        #expect(items[0].x == 473_800_000 && items[1].x == 473_800_000 && items[2].x == 473_800_000)
        #expect(items[2].param1 == 20 && items[2].z == 0, "waits on the ground for the loading time")
        #expect(items[3].param2 == 0, "release")
    }
}
