import DroneAgent
import FleetProtocol
import Foundation
import MAVLink
import TestSupport
import Testing

/// The assignment's airspace on the autopilot: the fence uploaded, read back and enforced, the route's
/// waypoints flown, a re-route mid-flight, and the alarms raised from the autopilot's state.
@Suite("Airspace: fences, routes, alarms", .serialized)
struct AirspaceFlightTests {
    typealias Personality = AutopilotFamilyFlightTests.Personality
    static let home = AgentHarness.home

    /// The service area (a 2 km square around home) and two zones off the delivery's path: a circle
    /// 600 m south and a triangle 600 m west.
    static func airspace() throws -> Airspace {
        let area = try Geofence(
            vertices: [45.0, 135, 225, 315].map { home.destination(distanceM: 1000 * 2.0.squareRoot(), bearingDeg: $0) }
        )
        let west = home.destination(distanceM: 600, bearingDeg: 270)
        return Airspace(
            inclusion: area,
            exclusions: [
                ExclusionZone(
                    zoneID: "zone-south", center: home.destination(distanceM: 600, bearingDeg: 180), radiusM: 80),
                ExclusionZone(
                    zoneID: "zone-west",
                    vertices: [
                        west.destination(distanceM: 100, bearingDeg: 0),
                        west.destination(distanceM: 100, bearingDeg: 120),
                        west.destination(distanceM: 100, bearingDeg: 240),
                    ]),
            ])
    }

    /// The short delivery, routed to the pickup through a waypoint 300 m east of the straight leg.
    static func routedAssignment(id: String) throws -> Assignment {
        var assignment = AgentHarness.shortAssignment(id: id)
        assignment.route = Assignment.Route(toPickup: [home.destination(distanceM: 300, bearingDeg: 45)])
        assignment.airspace = try airspace()
        return assignment
    }

    /// Whether some telemetry came within `metres` of `point`.
    static func passed(_ harness: AgentHarness, near point: GeoPoint, within metres: Double) async -> Bool {
        await harness.observer.telemetry.contains {
            GeoPoint(lat: $0.position.lat, lon: $0.position.lon).distance(to: point) < metres
        }
    }

    @Test(
        "the fence is uploaded, read back by a second ground station as sent, enforced; the route is flown",
        arguments: [Personality.px4, .arduCopter])
    func fenceAndRoute(personality: Personality) async throws {
        let id = "air-\(personality.autopilot)"
        let harness = try await AgentHarness(
            droneID: "air-\(personality.autopilot)", extraConfig: "loadingMode: hover",
            simArguments: personality.simArguments)
        do {
            try await harness.waitUntilReady()
            let assignment = try Self.routedAssignment(id: id)
            let commandID = try await harness.send(.assign(assignment))
            try await waitUntil("reply", timeout: .seconds(10)) { await harness.observer.reply(commandID) != nil }
            #expect(await harness.observer.reply(commandID)?.accepted == true)
            try await waitUntil("en route", timeout: .seconds(60)) {
                await harness.observer.phases(id).contains { $0.phase == .enRouteToPickup || $0.phase == .aborted }
            }
            let gcs = try await GroundStationPeer(vehiclePort: harness.gcsPort)
            let fence = try await gcs.download(.fence)
            let sent = FenceEncoder.items(try Self.airspace())
            #expect(fence.map(\.command) == sent.map(\.command))
            #expect(fence.map(\.x) == sent.map(\.x) && fence.map(\.y) == sent.map(\.y))
            #expect(fence.map(\.param1) == sent.map(\.param1))
            switch personality.autopilot {
            case "px4":
                let action = try await gcs.readParameter("GF_ACTION")
                #expect(Int32(bitPattern: action.paramValue.bitPattern) >= 2)
            default:
                #expect(try await gcs.readParameter("FENCE_ENABLE").paramValue == 1)
                let types = Int(try await gcs.readParameter("FENCE_TYPE").paramValue)
                #expect(types & 4 == 4 && types & 2 == 0)
            }
            await gcs.close()
            try await waitUntil("completed", timeout: .seconds(150)) {
                await harness.observer.phases(id).contains { $0.phase == .completed || $0.phase == .aborted }
            }
            #expect(await harness.observer.phases(id).last?.phase == .completed)
            let waypoint = try #require(assignment.route?.toPickup.first)
            #expect(await Self.passed(harness, near: waypoint, within: 40), "flew through the route's waypoint")
            let zones = try Self.airspace()
            #expect(
                await !harness.observer.telemetry.contains {
                    AlarmWatch.violatedZone(at: GeoPoint(lat: $0.position.lat, lon: $0.position.lon), airspace: zones)
                        != nil
                }, "no telemetry point inside a zone")
        } catch {
            Issue.record("\(personality.name): \(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test(
        "a drone pushed into a zone: the autopilot acts and ground gets geofenceBreach with the zone and position",
        arguments: [Personality.px4, .arduCopter])
    func breach(personality: Personality) async throws {
        let id = "brk-\(personality.autopilot)"
        let harness = try await AgentHarness(
            droneID: "brk-\(personality.autopilot)", extraConfig: "loadingMode: hover",
            simArguments: personality.simArguments)
        do {
            try await harness.waitUntilReady()
            _ = try await harness.send(.assign(try Self.routedAssignment(id: id)))
            try await waitUntil("en route", timeout: .seconds(60)) {
                await harness.observer.phases(id).contains { $0.phase == .enRouteToPickup }
            }
            // Push it from wherever it is onto the circle zone 600 m south of home.
            let state = try #require(await harness.observer.telemetry.last)
            let here = GeoPoint(lat: state.position.lat, lon: state.position.lon)
            let target = Self.home.destination(distanceM: 600, bearingDeg: 180)
            let north = (target.lat - here.lat) * 111_195
            let east = (target.lon - here.lon) * 111_195 * cos(here.lat * .pi / 180)
            let pushed = try await harness.simControl("push 0 \(north) \(east)")
            #expect(pushed.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(pushed)")
            try await waitUntil("geofenceBreach alarm", timeout: .seconds(20)) {
                await harness.observer.alarms().contains { $0.code == .geofenceBreach }
            }
            let alarm = try #require(
                await harness.observer.events.first {
                    if case .alarm(.geofenceBreach, .critical, _) = $0.kind { return true }
                    return false
                })
            guard case let .alarm(_, _, message) = alarm.kind else { return }
            #expect(message.contains("zone-south"), "\(message)")
            #expect(GeoPoint(lat: alarm.position.lat, lon: alarm.position.lon).distance(to: target) < 120)
            try await waitUntil("aborted for the breach", timeout: .seconds(20)) {
                await harness.observer.phases(id).contains { $0.phase == .aborted && $0.reason == .geofenceBreach }
            }
            // The autopilot's own breach action: PX4 holds (GF_ACTION 2), ArduCopter returns (FENCE_ACTION 1).
            let expected = personality.autopilot == "px4" ? "hold" : "rtl"
            try await waitUntil("breach action \(expected)", timeout: .seconds(20)) {
                await harness.observer.telemetry.last?.flightMode == expected
            }
        } catch {
            Issue.record("\(personality.name): \(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test("reroute: the mission is rebuilt from where the drone is along the new route; unknown ids are refused")
    func reroute() async throws {
        let id = "rr-1"
        let harness = try await AgentHarness(droneID: "rr", extraConfig: "loadingMode: hover")
        do {
            try await harness.waitUntilReady()
            var assignment = AgentHarness.shortAssignment(id: id)
            assignment.airspace = try Self.airspace()
            _ = try await harness.send(.assign(assignment))
            try await waitUntil("en route", timeout: .seconds(60)) {
                await harness.observer.phases(id).contains { $0.phase == .enRouteToPickup }
            }
            let unknown = try await harness.send(
                .reroute(assignmentID: "nope", route: Assignment.Route(), airspace: nil))
            // A new zone on the straight leg north; the new route detours 250 m west of it.
            let detour = Self.home.destination(distanceM: 300, bearingDeg: 330)
            var airspace = try Self.airspace()
            airspace.exclusions.append(
                ExclusionZone(
                    zoneID: "zone-new", center: Self.home.destination(distanceM: 300, bearingDeg: 0), radiusM: 60))
            let commandID = try await harness.send(
                .reroute(assignmentID: id, route: Assignment.Route(toPickup: [detour]), airspace: airspace))
            try await waitUntil("replies", timeout: .seconds(20)) {
                let rerouted = await harness.observer.reply(commandID)
                let refused = await harness.observer.reply(unknown)
                return rerouted != nil && refused != nil
            }
            #expect(await harness.observer.reply(unknown)?.reason == .unknownAssignment)
            let reply = try #require(await harness.observer.reply(commandID))
            #expect(reply.accepted, "\(reply)")
            try await waitUntil("completed", timeout: .seconds(150)) {
                await harness.observer.phases(id).contains { $0.phase == .completed || $0.phase == .aborted }
            }
            #expect(await harness.observer.phases(id).last?.phase == .completed)
            #expect(await Self.passed(harness, near: detour, within: 40), "flew the detour")
            let gcs = try await GroundStationPeer(vehiclePort: harness.gcsPort)
            #expect(try await gcs.download(.fence).count == FenceEncoder.items(airspace).count)
            await gcs.close()
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test(
        "Remote ID reaches the autopilot at 1 Hz; gpsLost and criticalBattery: once per onset after the debounce, cleared, raised again"
    )
    func stateAlarms() async throws {
        let harness = try await AgentHarness(
            droneID: "alarms", extraConfig: "remoteId: {uasId: SR-TEST-0001, operatorId: CHEoperator01}")
        do {
            try await harness.waitUntilReady()
            // firmware-sim counts OPEN_DRONE_ID basic/location/system/operator messages in its status line.
            try await waitUntil("Remote ID messages counted", timeout: .seconds(15)) {
                let status = (try? await harness.simControl("status")) ?? ""
                guard let counts = status.split(separator: " ").drop(while: { $0 != "remote-id" }).dropFirst().first
                else { return false }
                return counts.split(separator: "/").compactMap {
                    Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                .allSatisfy { $0 >= 3 } && counts.split(separator: "/").count == 4
            }
            try await harness.simControl("fault 0 gps-loss on")
            try await waitUntil("gpsLost", timeout: .seconds(15)) {
                await harness.observer.alarms().contains { $0.code == .gpsLost && $0.severity != .info }
            }
            try await harness.simControl("fault 0 gps-loss off")
            try await waitUntil("gpsLost cleared", timeout: .seconds(15)) {
                await harness.observer.alarms().contains { $0.code == .gpsLost && $0.severity == .info }
            }
            try await harness.simControl("fault 0 gps-loss on")
            try await waitUntil("gpsLost again", timeout: .seconds(15)) {
                await harness.observer.alarms().filter { $0.code == .gpsLost && $0.severity != .info }.count == 2
            }
            try await harness.simControl("fault 0 battery-sag 95")
            try await waitUntil("criticalBattery", timeout: .seconds(15)) {
                await harness.observer.alarms().contains { $0.code == .criticalBattery }
            }
            // Still lost and still critical a while later: no repeats.
            try await Task.sleep(for: TestPace.scaled(.seconds(3)))
            let alarms = await harness.observer.alarms()
            #expect(alarms.filter { $0.code == .gpsLost }.count == 3)
            #expect(alarms.filter { $0.code == .criticalBattery }.count == 1)
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }
}
