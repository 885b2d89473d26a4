import DroneAgent
import FleetProtocol
import Foundation
import MAVLink
import TestSupport
import Testing

/// The autopilot's wind estimate reaches telemetry as one vector whichever family sends it: PX4's
/// WIND_COV (where the air moves to) and ArduPilot's WIND (where it comes from, 3D speed).
@Suite("Drone agent wind telemetry")
struct WindTelemetryTests {
    /// Folds `messages` from autopilot 1/1 into a fresh state (a heartbeat first, so they count as its own).
    static func state(after messages: [any MAVLinkMessage], autopilot: MAVAutopilot) -> VehicleState {
        var encoder = MAVLinkEncoder(systemID: 1, componentID: 1)
        var parser = MAVLinkStreamParser()
        var state = VehicleState()
        var bytes = encoder.encode(
            Heartbeat(type: .quadrotor, autopilot: autopilot, baseMode: [.customModeEnabled], systemStatus: .standby))
        for message in messages { bytes += encoder.encode(message) }
        for frame in parser.parse(bytes) { state.apply(frame) }
        return state
    }

    @Test("WIND and WIND_COV of the same wind give the same vector; WIND has no gust")
    func sameVector() throws {
        // Air moving 3 m/s north, 4 m/s west: it comes from 126.87°; ArduPilot's speed is the 3D length.
        let px4 = Self.state(after: [WindCov(windX: 3, windY: -4, varHoriz: 4)], autopilot: .px4)
        let copter = Self.state(
            after: [Wind(direction: 126.869_9, speed: (25 + 1.5 * 1.5).squareRoot(), speedZ: 1.5)],
            autopilot: .ardupilotmega)
        let a = try #require(px4.wind), b = try #require(copter.wind)
        #expect(abs(a.northMps - 3) < 1e-4 && abs(a.eastMps + 4) < 1e-4 && a.gustMps == 2)
        #expect(abs(b.northMps - a.northMps) < 1e-3 && abs(b.eastMps - a.eastMps) < 1e-3, "\(b) vs \(a)")
        #expect(b.gustMps == nil)
        // ArduPilot's -180…180 and 0…360 name the same direction.
        let west = try #require(VehicleState.windVector(fromDirectionDeg: -90, speed: 6, speedZ: 0))
        let west360 = try #require(VehicleState.windVector(fromDirectionDeg: 270, speed: 6, speedZ: 0))
        #expect(abs(west.eastMps - 6) < 1e-9 && abs(west.northMps) < 1e-9)
        #expect(abs(west360.eastMps - 6) < 1e-9 && abs(west360.northMps) < 1e-9)
    }

    @Test("a WIND that is no wind (NaN, negative, 150 m/s) leaves the last estimate in place")
    func badWind() throws {
        let state = Self.state(
            after: [
                Wind(direction: 0, speed: 5, speedZ: 0), Wind(direction: .nan, speed: 5, speedZ: 0),
                Wind(direction: 10, speed: -1, speedZ: 0), Wind(direction: 10, speed: 150, speedZ: 0),
            ], autopilot: .ardupilotmega)
        let wind = try #require(state.wind)
        #expect(abs(wind.northMps + 5) < 1e-9 && abs(wind.eastMps) < 1e-9, "from the north: moving south")
    }

    struct Family: Sendable, CustomTestStringConvertible {
        let name: String
        let simArguments: [String]
        let streams: Int
        let gust: Double?
        var testDescription: String { name }
    }

    @Test(
        "in flight the telemetry carries the autopilot's wind, the same for both families",
        arguments: [
            Family(name: "ArduCopter", simArguments: ["--autopilot", "ardupilot"], streams: 8, gust: nil),
            Family(name: "PX4", simArguments: ["--autopilot", "px4"], streams: 7, gust: 0),
        ])
    func flight(family: Family) async throws {
        let harness = try await AgentHarness(
            droneID: "wind-\(family.name.lowercased())", extraConfig: "loadingMode: hover",
            simArguments: family.simArguments + ["--wind", "3,-4"])
        do {
            try await harness.waitUntilReady()
            #expect(
                await harness.observer.telemetry.allSatisfy { $0.wind == nil }, "no estimate on the ground")
            let commandID = try await harness.send(.assign(AgentHarness.shortAssignment(id: "a-wind")))
            try await waitUntil("reply", timeout: .seconds(10)) { await harness.observer.reply(commandID) != nil }
            try await waitUntil("telemetry with wind", timeout: .seconds(60)) {
                await harness.observer.telemetry.contains { $0.wind != nil }
            }
            let wind = try #require(await harness.observer.telemetry.last { $0.wind != nil }?.wind)
            #expect(abs(wind.northMps - 3) < 0.01 && abs(wind.eastMps + 4) < 0.01, "\(family.name): \(wind)")
            #expect(wind.gustMps == family.gust)
            // WIND is among the streams the agent asks an ArduPilot for (SET_MESSAGE_INTERVAL 168); the wind in
            // the telemetry above shows it came (a loaded machine may time out another stream's request).
            #expect(
                harness.agent.log().contains(
                    try Regex("drone=\\S+ requested=\(family.streams) .*autopilot streams requested")),
                "\(family.streams) streams requested")
        } catch {
            Issue.record("\(family.name): \(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }
}
