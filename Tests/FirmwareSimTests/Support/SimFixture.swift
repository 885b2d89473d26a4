import FirmwareSim
import Foundation
import MAVLink
import TestSupport

/// Test fixtures: a fast, seeded in-process simulation on free ports and mission helpers.
enum SimFixture {
    static let home = SimGeoPoint(latitude: 47.397742, longitude: 8.545594, altitude: 488)

    /// One vehicle (or `count`), every port picked by the system, at `speed` (divided by `TestPace.slowdown`).
    static func configuration(
        count: Int = 1, speed: Double = 20, faults: [ScheduledFault] = [],
        personality: AutopilotPersonality = .px4
    ) -> SimulatorConfiguration {
        var c = SimulatorConfiguration(homes: StartPositions.around(home, count: count, radius: 30, seed: 3))
        c.basePort = 0
        c.remoteBasePort = nil
        c.speed = TestPace.simulatorSpeed(speed)
        c.seed = 42
        c.gpsNoise = 0.3
        c.faults = faults
        c.controlPort = 0
        c.personality = personality
        return c
    }

    /// Runs `body` with a started simulator and a peer talking to vehicle 0 (which then learns the peer).
    static func withSimulator<T>(
        _ configuration: SimulatorConfiguration,
        _ body: (Simulator, MAVLinkTestPeer) async throws -> T
    ) async throws -> T {
        let sim = try await Simulator.start(configuration)
        let peer: MAVLinkTestPeer
        do {
            peer = try await MAVLinkTestPeer(vehiclePort: sim.endpoints[0].port)
        } catch {
            try? await sim.shutdown()
            throw error
        }
        do {
            try await peer.send(
                Heartbeat(type: .gcs, autopilot: .invalid, baseMode: [], customMode: 0, systemStatus: .active))
        } catch {
            await peer.close()
            try? await sim.shutdown()
            throw error
        }
        return try await run(sim, peer, body)
    }

    /// Runs `body` with a simulator that streams vehicle 0 from its first step to a peer listening on a
    /// free port (`remoteBasePort`, PX4 SITL's remote 14540+i): what it sends does not wait for the peer
    /// to talk first, so a test can check simulated times from 0 on however late the peer's own task runs.
    static func withListeningPeer<T>(
        _ configuration: SimulatorConfiguration,
        _ body: (Simulator, MAVLinkTestPeer) async throws -> T
    ) async throws -> T {
        let port = Int(try FreePort.next(.udp))
        let peer = try await MAVLinkTestPeer(listeningOn: port)
        var configuration = configuration
        configuration.remoteBasePort = port
        let sim: Simulator
        do {
            sim = try await Simulator.start(configuration)
        } catch {
            await peer.close()
            throw error
        }
        return try await run(sim, peer, body)
    }

    /// Runs `body`, then closes the peer and stops the simulator whether it threw or not (a failing test's
    /// shutdown error must not hide the test's own).
    private static func run<T>(
        _ sim: Simulator, _ peer: MAVLinkTestPeer, _ body: (Simulator, MAVLinkTestPeer) async throws -> T
    ) async throws -> T {
        do {
            let result = try await body(sim, peer)
            await peer.close()
            try await sim.shutdown()
            return result
        } catch {
            await peer.close()
            try? await sim.shutdown()
            throw error
        }
    }

    /// A position `north`/`east` metres from `origin` as MISSION_ITEM_INT x/y.
    static func offset(_ origin: SimGeoPoint, north: Double, east: Double) -> (Int32, Int32) {
        let p = LocalProjection(origin: origin).geo(NED(north: north, east: east))
        return (Int32((p.latitude * 1e7).rounded()), Int32((p.longitude * 1e7).rounded()))
    }

    /// Commands without a position, which PX4 takes only in MAV_FRAME_MISSION.
    static let positionless: Set<MAVCmd> = [.doGripper, .doSetServo, .navReturnToLaunch, .navDelay, .doChangeSpeed]

    static func item(
        _ seq: Int, _ command: MAVCmd, at xy: (Int32, Int32) = (0, 0), altitude: Float = 0,
        param1: Float = 0, param2: Float = 0
    ) -> MissionItemInt {
        MissionItemInt(
            targetSystem: 1, targetComponent: 1, seq: UInt16(seq),
            frame: positionless.contains(command) ? .mission : .globalRelativeAltInt,
            command: command, current: 0, autocontinue: 1, param1: param1, param2: param2, param3: 0, param4: .nan,
            x: xy.0, y: xy.1, z: altitude, missionType: .mission)
    }

    /// TAKEOFF, four waypoints on a square of `side` metres, then `last` (RTL or LAND).
    static func squareMission(
        around origin: SimGeoPoint, side: Double = 80, altitude: Float = 20, last: MAVCmd = .navReturnToLaunch
    ) -> [MissionItemInt] {
        var items = [item(0, .navTakeoff, altitude: altitude)]
        for (n, e) in [(side, 0.0), (side, side), (0, side), (0, 0)] {
            items.append(item(items.count, .navWaypoint, at: offset(origin, north: n, east: e), altitude: altitude))
        }
        items.append(item(items.count, last))
        return items
    }

    static func mode(_ heartbeat: Heartbeat) -> FlightMode? { FlightMode(customMode: heartbeat.customMode) }
    static func isArmed(_ heartbeat: Heartbeat) -> Bool { heartbeat.baseMode.contains(.safetyArmed) }
}
