import DroneAgent
import FleetProtocol
import MAVLink
import Testing

@Suite("Autopilot adapters")
struct AutopilotAdapterTests {
    static let home = GeoPoint(lat: 47.37, lon: 8.53)
    static let land = MissionBuilder(profile: .default, loadingMode: .land).plan(
        MissionBuilderTests.assignment, home: home)
    static let hover = MissionBuilder(profile: .default, loadingMode: .hover).plan(
        MissionBuilderTests.assignment, home: home)

    @Test("the family comes from HEARTBEAT autopilot: PX4 12, ArduPilot 3, anything else unsupported")
    func family() {
        #expect(AutopilotFamily(autopilot: MAVAutopilot(rawValue: 12)) == .px4)
        #expect(AutopilotFamily(autopilot: .ardupilotmega) == .ardupilot)
        #expect(AutopilotFamily(autopilot: .generic) == nil)
        var vehicle = VehicleState()
        vehicle.autopilotAlive = true
        vehicle.autopilotType = .generic
        #expect(vehicle.healthProblem?.contains("unsupported autopilot") == true)
    }

    @Test("PX4: commands without a position in MAV_FRAME_MISSION, waiting on the ground is NAV_DELAY, no home slot")
    func px4Encoding() {
        let mission = PX4Adapter().encode(Self.land, home: Self.home)
        let items = mission.items
        #expect(
            items.map(\.command) == [
                .navTakeoff, .navWaypoint, .navLand, .navDelay, .doGripper, .navTakeoff,
                .navWaypoint, .navWaypoint, .doGripper, .navLoiterTime, .navWaypoint, .navReturnToLaunch,
            ])
        #expect(items.map(\.seq) == (0..<UInt16(items.count)).map { $0 })
        #expect(items.filter { $0.current == 1 }.map(\.seq) == [0])
        for item in items {
            let positionless = [MAVCmd.navDelay, .doGripper, .navReturnToLaunch].contains(item.command)
            #expect(
                item.frame == (positionless ? .mission : .globalRelativeAltInt),
                "item \(item.seq) command \(item.command.rawValue)")
        }
        #expect(
            !items.contains { $0.command == .navLoiterTime && $0.z == 0 }, "no loiter on the ground: PX4 would take off"
        )
        #expect(items[3].param1 == 20, "loading time")
        #expect(items[0].x == 473_700_000 && items[0].z == 50, "first take-off where the vehicle stands")
        #expect(items[4].param2 == 1 && items[8].param2 == 0, "grab at pickup, release at dropoff")
        #expect(mission.layout == Self.land.layout, "PX4 sequence numbers are the step indices")
        #expect(PX4Adapter().reportedTotal(uploaded: 12) == 12)
        #expect(PX4Adapter().requiredParameters(for: Self.land.steps).isEmpty)
    }

    @Test(
        "ArduCopter: home at seq 0, take-off first, grab after the take-off that follows the landing, total excludes home"
    )
    func arduPilotEncoding() {
        let adapter = ArduPilotAdapter()
        let mission = adapter.encode(Self.land, home: Self.home)
        let items = mission.items
        #expect(
            items.map(\.command) == [
                .navWaypoint, .navTakeoff, .navWaypoint, .navLand, .navDelay, .navTakeoff, .doGripper,
                .navWaypoint, .navWaypoint, .doGripper, .navLoiterTime, .navWaypoint, .navReturnToLaunch,
            ])
        #expect(items[0].x == 473_700_000 && items[0].frame == .globalInt, "home slot")
        #expect(items[1].x == 0 && items[1].y == 0, "ArduCopter takes off where it stands")
        // Only NAV_DELAY may sit between NAV_LAND and NAV_TAKEOFF (AP_Mission::is_takeoff_next).
        #expect(items[4].command == .navDelay && items[5].command == .navTakeoff)
        #expect(items[6].param2 == 1, "grab starts with the take-off, still on the ground")
        #expect(
            mission.layout
                == MissionLayout(
                    itemCount: 13, enRouteToPickup: 2, atPickup: 4, enRouteToDropoff: 5, atDropoff: 10, returning: 12))
        #expect(mission.layout.phase(current: 1, complete: false) == .takeoff)
        #expect(adapter.reportedTotal(uploaded: 13) == 12)
        #expect(adapter.requiredParameters(for: Self.land.steps).map(\.name) == ["MIS_OPTIONS"])
        #expect(adapter.requiredParameters(for: Self.land.steps)[0].isSatisfied(by: 4))
        #expect(!adapter.requiredParameters(for: Self.land.steps)[0].isSatisfied(by: 3))
        #expect(adapter.requiredParameters(for: Self.hover.steps).isEmpty, "hover loading needs no parameter")
    }

    @Test("modes: PX4 custom main/sub, ArduCopter numbers; RTL and LAND are failsafe modes in both")
    func modes() {
        let px4 = PX4Adapter(), copter = ArduPilotAdapter()
        #expect(px4.flightMode(customMode: 4 << 16 | 4 << 24).kind == .mission)
        #expect(px4.flightMode(customMode: 4 << 16 | 5 << 24).isFailsafeMode)
        #expect(px4.flightMode(customMode: 4 << 16 | 6 << 24).isFailsafeMode)
        #expect(copter.flightMode(customMode: 3) == FlightMode(.mission, name: "auto"))
        #expect(copter.flightMode(customMode: 6).isFailsafeMode && copter.flightMode(customMode: 9).isFailsafeMode)
        #expect(!copter.flightMode(customMode: 4).isFailsafeMode && !copter.flightMode(customMode: 5).isFailsafeMode)
        #expect(copter.flightMode(customMode: 99).name == "copter-99")
        #expect(copter.setModeParameters(.guided) == [1, 4])
        #expect(px4.setModeParameters(.hold) == [1, 4, 3])
        #expect(copter.armingMode == .guided && px4.armingMode == nil)
    }

    @Test("progress: total 0 says nothing, ArduPilot total excludes home, last item or COMPLETE finishes")
    func progress() {
        let px4 = PX4Adapter(), copter = ArduPilotAdapter()
        let layout = PX4Adapter().encode(Self.land, home: Self.home).layout
        var progress = MissionProgress(current: 3, total: 0, state: 0, highestReached: nil, reported: true)
        #expect(px4.holdsMission(progress, layout: layout) == nil, "total 0 = not supported, not a mismatch")
        progress.total = 12
        #expect(px4.holdsMission(progress, layout: layout) == true)
        progress.total = 7
        #expect(px4.holdsMission(progress, layout: layout) == false)
        let apLayout = copter.encode(Self.land, home: Self.home).layout
        progress.total = 12
        #expect(copter.holdsMission(progress, layout: apLayout) == true)
        #expect(!px4.reachedLastItem(progress, layout: layout))
        progress.current = 11
        #expect(px4.reachedLastItem(progress, layout: layout), "PX4 <= 1.15: mission_state 0, the last item is current")
        progress.current = 0
        progress.state = 5
        #expect(px4.reachedLastItem(progress, layout: layout), "the autopilot's own completion")
        progress.state = 0
        progress.highestReached = 12
        #expect(copter.reachedLastItem(progress, layout: apLayout))
    }
}
