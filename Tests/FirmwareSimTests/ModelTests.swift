import FirmwareSim
import Foundation
import MAVLink
import TestSupport
import Testing

@Suite("firmware-sim models")
struct ModelTests {
    @Test("battery: 6S voltage from 25.2 V full with a knee near empty; energy integrates power")
    func battery() {
        var battery = Battery(profile: AirframeModel())
        #expect(abs(battery.voltage - 25.2) < 1e-9)
        battery.draw(power: 700, for: 3600 * 0.5) // 350 Wh?
        #expect(battery.stateOfCharge == 0)
        var half = Battery(profile: AirframeModel())
        half.draw(power: 250, for: 1800) // 125 Wh of 250
        #expect(abs(half.stateOfCharge - 0.5) < 1e-9)
        #expect(half.cellVoltage > 3.5 && half.cellVoltage < 4.2)
        #expect(abs(half.timeRemaining - 1800) < 1)
        var low = Battery(profile: AirframeModel())
        low.sag(fraction: 0.95)
        #expect(low.cellVoltage < 3.5 && low.cellVoltage > 3.3)
        low.fail()
        #expect(low.stateOfCharge == 0)
    }

    @Test("power: hover 700 W, cruise 600 W, +60 W/kg, +150 W climbing (plus avionics)")
    func power() {
        let model = PowerModel(profile: AirframeModel())
        let avionics = AirframeModel().avionicsPower
        #expect(model.power(armed: true, flying: true, airspeed: 0, climbRate: 0, payload: 0) == 700 + avionics)
        #expect(model.power(armed: true, flying: true, airspeed: 15, climbRate: 0, payload: 0) == 600 + avionics)
        #expect(model.power(armed: true, flying: true, airspeed: 15, climbRate: 0, payload: 2) == 720 + avionics)
        #expect(model.power(armed: true, flying: true, airspeed: 0, climbRate: 3, payload: 0) == 850 + avionics)
        #expect(model.power(armed: false, flying: false, airspeed: 0, climbRate: 0, payload: 0) == avionics)
    }

    @Test("kinematics: accelerates at 3 m/s² to 15 m/s; a headwind slows the ground speed")
    func kinematics() {
        let profile = AirframeModel()
        var k = Kinematics()
        k.position.down = -30
        let target = NED(north: 5000, east: 0, down: -30)
        k.step(towards: target, horizontal: true, profile: profile, wind: .zero, dt: 1)
        #expect(abs(k.airVelocity.north - 3) < 1e-9)
        for _ in 0..<20 { k.step(towards: target, horizontal: true, profile: profile, wind: .zero, dt: 0.5) }
        #expect(abs(k.airVelocity.north - 15) < 1e-9)
        var windy = k
        for _ in 0..<20 {
            windy.step(towards: target, horizontal: true, profile: profile, wind: NED(north: -5), dt: 0.5)
        }
        #expect(abs(windy.groundVelocity(wind: NED(north: -5), flying: true).north - 10) < 1e-6)
    }

    @Test("PX4 custom modes round-trip")
    func modes() {
        for mode in FlightMode.allCases {
            #expect(FlightMode(customMode: mode.customMode) == mode)
        }
        #expect(FlightMode.mission.customMode == 4 << 16 | 4 << 24)
        #expect(FlightMode(main: 1, sub: 0) == nil)
    }

    @Test("--fault parsing and its errors")
    func faults() throws {
        let f = try ScheduledFault(parsing: "2:link-loss@30s:10")
        #expect(f == ScheduledFault(vehicle: 2, fault: .linkLoss(seconds: 10), time: 30))
        #expect(
            try ScheduledFault(parsing: "all:gps-loss") == ScheduledFault(vehicle: nil, fault: .gpsLoss(true), time: 0))
        #expect(try ScheduledFault(parsing: "0:battery-sag@60:40").fault == .batterySag(0.4))
        #expect(throws: ControlError.unknownFault("warp")) { try ScheduledFault(parsing: "0:warp") }
        #expect(throws: ControlError.missingArgument("link-loss seconds")) {
            try ScheduledFault(parsing: "0:link-loss")
        }
        #expect(throws: ControlError.self) { try ScheduledFault(parsing: "x:motor-fail") }
        var c = SimFixture.configuration()
        c.faults = [ScheduledFault(vehicle: 3, fault: .motorFailure, time: 0)]
        #expect(throws: SimulatorConfiguration.ValidationError.faultTarget(vehicle: 3, count: 1)) { try c.validate() }
    }

    @Test("start positions are seeded and within the radius; the first is the centre")
    func startPositions() {
        let a = StartPositions.around(SimFixture.home, count: 50, radius: 200, seed: 9)
        #expect(a == StartPositions.around(SimFixture.home, count: 50, radius: 200, seed: 9))
        #expect(a[0] == SimFixture.home)
        let projection = LocalProjection(origin: SimFixture.home)
        #expect(a.allSatisfy { projection.local($0).horizontalLength <= 200.001 })
    }

    @Test("start positions from a config file; a bad file is a typed error")
    func configFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let good = dir.file("fleet.json")
        try Data(#"{"vehicles": [{"lat": 47.39, "lon": 8.54, "alt": 500}, {"lat": 47.40, "lon": 8.55}]}"#.utf8).write(
            to: good)
        let homes = try StartPositions.load(path: good.path)
        #expect(
            homes == [
                SimGeoPoint(latitude: 47.39, longitude: 8.54, altitude: 500),
                SimGeoPoint(latitude: 47.40, longitude: 8.55),
            ])

        let outOfRange = dir.file("bad.json")
        try Data(#"{"vehicles": [{"lat": 47.39, "lon": 8.54}, {"lat": 95, "lon": 8.55}]}"#.utf8).write(to: outOfRange)
        #expect(throws: StartPositions.LoadError.self) { try StartPositions.load(path: outOfRange.path) }
        let notJSON = dir.file("junk.json")
        try Data("vehicles: 3".utf8).write(to: notJSON)
        #expect(throws: StartPositions.LoadError.self) { try StartPositions.load(path: notJSON.path) }
        #expect(throws: StartPositions.LoadError.self) { try StartPositions.load(path: dir.file("missing.json").path) }
    }

    @Test("a start-position file can give a vehicle another autopilot; an unknown one is an error naming the field")
    func configFileAutopilot() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let mixed = dir.file("mixed.json")
        try Data(
            #"{"vehicles": [{"lat": 47.39, "lon": 8.54}, {"lat": 47.40, "lon": 8.55, "autopilot": "ardupilot"}]}"#.utf8
        ).write(to: mixed)
        let fleet = try StartPositions.loadFleet(path: mixed.path)
        #expect(fleet.homes.count == 2 && fleet.autopilots == [1: .ardupilot])
        var configuration = SimulatorConfiguration(homes: fleet.homes)
        configuration.personality = .px4Legacy
        configuration.autopilotOverrides = fleet.autopilots
        #expect(configuration.personality(of: 0) == .px4Legacy)
        #expect(configuration.personality(of: 1).family == .ardupilot)

        let unknown = dir.file("unknown.json")
        try Data(#"{"vehicles": [{"lat": 47.39, "lon": 8.54, "autopilot": "betaflight"}]}"#.utf8).write(to: unknown)
        do {
            _ = try StartPositions.loadFleet(path: unknown.path)
            Issue.record("an unknown autopilot was accepted")
        } catch {
            #expect("\(error)".contains("autopilot"))
        }
    }

    @Test("--rate sets any stream by its MAVLink name; bad values are typed errors")
    func rates() throws {
        var rates = StreamRates()
        #expect(rates[.globalPosition] == 10 && rates[.heartbeat] == 1)
        try rates.apply("ATTITUDE=20")
        try rates.apply("vfr_hud=0")
        #expect(rates.attitude == 20 && rates[.vfrHud] == 0)
        #expect(throws: ControlError.self) { try rates.apply("WARP_DRIVE=5") }
        #expect(throws: ControlError.self) { try rates.apply("ATTITUDE=-1") }
        #expect(throws: ControlError.self) { try rates.apply("ATTITUDE") }
        let h = VehicleHarness(rates: rates)
        var fast = h
        fast.run(seconds: 5)
        #expect((99...101).contains(fast.messages(Attitude.self).count))
        #expect(fast.messages(VfrHud.self).isEmpty)
    }
}
