import FirmwareSim
import Foundation
import MAVLink
import Testing

/// Each personality reports its wind estimate as its firmware does: ArduCopter the ardupilotmega WIND in
/// its EXTRA3 stream group, PX4 the common WIND_COV.
@Suite("firmware-sim wind reports")
struct WindReportTests {
    /// Air moving 3 m/s north and 4 m/s west: it comes from the south-east, 126.87° (atan2(4, -3)).
    static let wind = NED(north: 3, east: -4)

    static func copterInTheAir() throws -> VehicleHarness {
        var h = VehicleHarness(environment: SimulationEnvironment(wind: wind), personality: .ardupilot)
        #expect(try ArduCopterConformanceTests.setMode(&h, .guided) == .accepted)
        #expect(try h.command(.componentArmDisarm, 1) == .accepted)
        _ = try h.command(.navTakeoff, 0, 0, 0, 0, 0, 0, 20)
        h.run(seconds: 20)
        return h
    }

    @Test("ArduCopter: WIND at 1 Hz while flying, direction the wind comes from, 3D speed; none on the ground")
    func arduCopterWind() throws {
        var h = VehicleHarness(environment: SimulationEnvironment(wind: Self.wind), personality: .ardupilot)
        h.run(seconds: 5)
        #expect(h.messages(Wind.self).isEmpty, "no airspeed estimate on the ground: no WIND")
        h = try Self.copterInTheAir()
        let mark = h.mark
        h.run(seconds: 10)
        let winds = h.messages(Wind.self, since: mark)
        #expect((9...11).contains(winds.count), "1 Hz over 10 s, got \(winds.count)")
        let last = try #require(winds.last)
        #expect(abs(last.direction - 126.87) < 0.05, "from the south-east, got \(last.direction)")
        #expect(abs(last.speed - 5) < 1e-4 && last.speedZ == 0)
        #expect(h.messages(WindCov.self).isEmpty, "ArduPilot sends no WIND_COV")
    }

    @Test("ArduCopter: direction is in (-180, 180], as atan2(-y, -x) gives: air moving east comes from -90°")
    func directionRange() throws {
        var h = VehicleHarness(
            environment: SimulationEnvironment(wind: NED(north: 0, east: 6)), personality: .ardupilot)
        #expect(try ArduCopterConformanceTests.setMode(&h, .guided) == .accepted)
        #expect(try h.command(.componentArmDisarm, 1) == .accepted)
        _ = try h.command(.navTakeoff, 0, 0, 0, 0, 0, 0, 20)
        h.run(seconds: 10)
        // Air moving east comes from the west: -90°, not 270°.
        let west = try #require(h.messages(Wind.self).last)
        #expect(abs(west.direction + 90) < 0.01 && abs(west.speed - 6) < 1e-4)
    }

    @Test("ArduCopter: WIND follows REQUEST_DATA_STREAM EXTRA3 and SET_MESSAGE_INTERVAL 168")
    func arduCopterStreamControl() throws {
        var h = try Self.copterInTheAir()
        // EXTRA3 (MAV_DATA_STREAM_EXTRA3 = 12) off: no more WIND.
        try h.send(
            RequestDataStream(
                targetSystem: 1, targetComponent: 1, reqStreamID: MAVDataStream(rawValue: 12), reqMessageRate: 0,
                startStop: 0))
        var mark = h.mark
        h.run(seconds: 5)
        #expect(h.messages(Wind.self, since: mark).isEmpty)
        // WIND alone at 5 Hz.
        #expect(try h.command(.setMessageInterval, Float(Wind.messageID), 200_000) == .accepted)
        mark = h.mark
        h.run(seconds: 4)
        let count = h.messages(Wind.self, since: mark).count
        #expect((19...21).contains(count), "5 Hz over 4 s, got \(count)")
    }

    @Test("PX4: WIND_COV only; WIND is a message it does not know")
    func px4() throws {
        var h = VehicleHarness(environment: SimulationEnvironment(wind: Self.wind))
        try h.takeOff(to: 20)
        h.run(seconds: 5)
        #expect(h.messages(Wind.self).isEmpty)
        let cov = try #require(h.messages(WindCov.self).last)
        #expect(abs(cov.windX - 3) < 1e-4 && abs(cov.windY + 4) < 1e-4)
        #expect(try h.command(.setMessageInterval, Float(Wind.messageID), 1_000_000) == .denied)
        #expect(try h.command(.requestMessage, Float(Wind.messageID)) == .denied)
    }
}
