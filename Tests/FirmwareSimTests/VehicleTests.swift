import FirmwareSim
import MAVLink
import Testing

/// Physics, energy and failsafes of one vehicle stepped directly (no sockets, no wall clock).
@Suite("firmware-sim vehicle model")
struct VehicleTests {
    @Test("low battery: return to launch at 15 %, then land where it is at 8 %, then disarm")
    func returnThenLand() throws {
        var profile = AirframeModel()
        profile.batteryCapacityWh = 30 // small pack: the thresholds come within a minute of flight
        var h = VehicleHarness(profile: profile)
        let far = SimFixture.offset(SimFixture.home, north: 3000, east: 0)
        let items = [
            SimFixture.item(0, .navTakeoff, altitude: 30), SimFixture.item(1, .navWaypoint, at: far, altitude: 30),
        ]
        #expect(try h.upload(items) == .accepted)
        #expect(try h.command(.componentArmDisarm, 1) == .accepted)
        #expect(try h.command(.missionStart) == .accepted)

        #expect(h.run(seconds: 600) { $0.mode == .returnToLaunch })
        #expect(h.vehicle.battery.stateOfCharge <= 0.15 && h.vehicle.battery.stateOfCharge > 0.14)
        #expect(h.run(seconds: 600) { $0.mode == .land })
        #expect(h.vehicle.battery.stateOfCharge <= 0.08)
        let landingFrom = h.vehicle.kinematics.position
        #expect(h.run(seconds: 600) { !$0.armed })
        #expect(h.vehicle.landed)
        // It landed where the critical threshold caught it (braking aside), far from home.
        #expect((h.vehicle.kinematics.position - landingFrom).horizontalLength < 40)
        #expect(h.vehicle.kinematics.position.horizontalLength > 500)
        #expect(Array(h.modeHistory.drop { $0 == .hold }) == [.mission, .returnToLaunch, .land])
        let texts = h.messages(Statustext.self).map(\.text)
        #expect(texts.contains("Low battery: returning to launch") && texts.contains("Critical battery: landing"))
        #expect(h.messages(SysStatus.self).last.map { $0.batteryRemaining <= 8 } == true)
    }

    @Test("payload mass raises the power drawn: +60 W per kg in a hover")
    func payloadPower() throws {
        var empty = VehicleHarness()
        var loaded = VehicleHarness()
        loaded.vehicle.setPayload(2)
        try empty.takeOff(to: 20)
        try loaded.takeOff(to: 20)
        empty.run(seconds: 30)
        loaded.run(seconds: 30)
        #expect(abs(loaded.vehicle.battery.power - empty.vehicle.battery.power - 120) < 0.5)
        #expect(loaded.vehicle.battery.consumedWh > empty.vehicle.battery.consumedWh + 0.9)
        // The current reported over MAVLink follows the power.
        let current = try #require(loaded.messages(BatteryStatus.self).last).currentBattery
        #expect(abs(Double(current) / 100 - loaded.vehicle.battery.current) < 0.5)
    }

    @Test("wind: holding position in a crosswind needs airspeed; a headwind slows the cruise")
    func wind() throws {
        var h = VehicleHarness(environment: SimulationEnvironment(wind: NED(north: 0, east: 5)))
        try h.takeOff(to: 20)
        let start = h.vehicle.kinematics.position
        h.run(seconds: 30)
        #expect((h.vehicle.kinematics.position - start).horizontalLength < 1)
        let hud = try #require(h.messages(VfrHud.self).last)
        #expect(abs(hud.airspeed - 5) < 0.3 && hud.groundspeed < 0.3)

        var headwind = VehicleHarness(environment: SimulationEnvironment(wind: NED(north: -6, east: 0)))
        let far = SimFixture.offset(SimFixture.home, north: 2000, east: 0)
        #expect(
            try headwind.upload([
                SimFixture.item(0, .navTakeoff, altitude: 20), SimFixture.item(1, .navWaypoint, at: far, altitude: 20),
            ]) == .accepted)
        _ = try headwind.command(.componentArmDisarm, 1)
        _ = try headwind.command(.missionStart)
        headwind.run(seconds: 60)
        let position = try #require(headwind.messages(GlobalPositionInt.self).last)
        #expect(abs(Double(position.vx) / 100 - 9) < 0.2, "ground speed north \(position.vx) cm/s against a 6 m/s wind")
    }

    @Test("GPS noise has the configured spread; zero noise reports the true position")
    func gpsNoise() {
        var noisy = VehicleHarness(environment: SimulationEnvironment(gpsNoise: 2))
        noisy.run(seconds: 200)
        let projection = LocalProjection(origin: SimFixture.home)
        let norths = noisy.messages(GlobalPositionInt.self).map {
            projection.local(SimGeoPoint(latitude: Double($0.lat) / 1e7, longitude: Double($0.lon) / 1e7)).north
        }
        #expect(norths.count > 1900)
        let mean = norths.reduce(0, +) / Double(norths.count)
        let sd = (norths.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(norths.count)).squareRoot()
        #expect(abs(mean) < 0.2 && abs(sd - 2) < 0.2, "mean \(mean) sd \(sd)")

        var exact = VehicleHarness(environment: SimulationEnvironment(gpsNoise: 0))
        exact.run(seconds: 5)
        let home = (
            Int32((SimFixture.home.latitude * 1e7).rounded()), Int32((SimFixture.home.longitude * 1e7).rounded())
        )
        #expect(exact.messages(GlobalPositionInt.self).allSatisfy { ($0.lat, $0.lon) == home })
    }

    @Test("the same seed gives byte-identical telemetry; another seed does not")
    func seeded() {
        let environment = SimulationEnvironment(gpsNoise: 1)
        var a = VehicleHarness(environment: environment, seed: 5)
        var b = VehicleHarness(environment: environment, seed: 5)
        var c = VehicleHarness(environment: environment, seed: 6)
        a.run(seconds: 20)
        b.run(seconds: 20)
        c.run(seconds: 20)
        #expect(a.sent == b.sent)
        #expect(a.messages(GlobalPositionInt.self).map(\.lat) != c.messages(GlobalPositionInt.self).map(\.lat))
    }

    @Test("battery failure in the air: emergency, lands, and arming is denied afterwards")
    func batteryFailure() throws {
        var h = VehicleHarness()
        try h.takeOff(to: 20)
        h.vehicle.inject(.batteryFailure)
        #expect(h.run(seconds: 60) { !$0.armed })
        #expect(h.vehicle.landed)
        #expect(h.modeHistory.last == .land)
        #expect(h.messages(Heartbeat.self).last?.systemStatus == .emergency)
        #expect(try h.command(.componentArmDisarm, 1) == .denied)
        #expect(h.messages(BatteryStatus.self).last?.batteryRemaining == 0)
    }

    @Test("REQUEST_DATA_STREAM sets the position stream's rate and stops it")
    func requestDataStream() throws {
        var h = VehicleHarness()
        h.run(seconds: 1)
        try h.send(
            RequestDataStream(
                targetSystem: 1, targetComponent: 1, reqStreamID: MAVDataStream(rawValue: 6), reqMessageRate: 2,
                startStop: 1))
        let before = h.messages(GlobalPositionInt.self).count
        h.run(seconds: 10)
        #expect((19...21).contains(h.messages(GlobalPositionInt.self).count - before))
        try h.send(
            RequestDataStream(
                targetSystem: 1, targetComponent: 1, reqStreamID: MAVDataStream(rawValue: 6), reqMessageRate: 0,
                startStop: 0))
        let stopped = h.messages(GlobalPositionInt.self).count
        h.run(seconds: 5)
        #expect(h.messages(GlobalPositionInt.self).count == stopped)
        // Other streams keep going.
        #expect(h.messages(Heartbeat.self).count >= 15)
    }

    @Test("climb 3 m/s, cruise 15 m/s, descent 2 m/s; LOITER_TIME holds in the air; a LAND item lands there")
    func missionTiming() throws {
        var h = VehicleHarness()
        let point = SimFixture.offset(SimFixture.home, north: 600, east: 0)
        let land = SimFixture.offset(SimFixture.home, north: 600, east: 50)
        let items = [
            SimFixture.item(0, .navTakeoff, altitude: 60),
            SimFixture.item(1, .navLoiterTime, at: point, altitude: 60, param1: 20),
            SimFixture.item(2, .navLand, at: land),
        ]
        #expect(try h.upload(items) == .accepted)
        _ = try h.command(.componentArmDisarm, 1)
        _ = try h.command(.missionStart)
        #expect(h.run(seconds: 60) { $0.reachedItems == [0] })
        // 60 m at 3 m/s is 20 s, plus acceleration.
        #expect(h.vehicle.time > 20 && h.vehicle.time < 24)
        let climbed = h.vehicle.time
        #expect(h.run(seconds: 120) { $0.reachedItems.count == 2 })
        // 600 m at 15 m/s is 40 s plus 5 s of acceleration/braking, then 20 s of loiter.
        let leg = h.vehicle.time - climbed
        #expect(leg > 62 && leg < 72, "leg took \(leg) s")
        let maxSpeed = h.messages(VfrHud.self).map(\.groundspeed).max() ?? 0
        #expect(maxSpeed > 14.5 && maxSpeed <= 15.01)
        #expect(h.run(seconds: 120) { !$0.armed })
        #expect(h.vehicle.reachedItems == [0, 1, 2])
        let landedAt = h.vehicle.kinematics.position
        #expect(abs(landedAt.north - 600) < 3 && abs(landedAt.east - 50) < 3)
        let descents = h.messages(GlobalPositionInt.self).map { Double($0.vz) / 100 }
        #expect((descents.max() ?? 0) <= 2.01 && (descents.min() ?? 0) >= -3.01)
    }
}
