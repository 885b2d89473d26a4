import FirmwareSim
import MAVLink
import Testing

@Suite("firmware-sim commands")
struct CommandTests {
    @Test("arming is refused without a GPS fix and accepted once it returns")
    func armNeedsGPS() async throws {
        let faults = [ScheduledFault(vehicle: 0, fault: .gpsLoss(true), time: 0)]
        try await SimFixture.withSimulator(SimFixture.configuration(faults: faults)) { sim, peer in
            let gps = try await peer.next(GPSRawInt.self)
            #expect(gps.fixType.rawValue < GPSFixType.type3dFix.rawValue)
            #expect(try await peer.command(.componentArmDisarm, 1) == .temporarilyRejected)
            let text = try await peer.next(Statustext.self, where: { $0.text.contains("GPS") })
            #expect(text.severity == .critical)

            #expect(try await sim.control("fault 0 gps-loss off") == "ok")
            _ = try await peer.next(GPSRawInt.self, where: { $0.fixType == .type3dFix })
            #expect(try await peer.command(.componentArmDisarm, 1) == .accepted)
            _ = try await peer.next(Heartbeat.self, where: SimFixture.isArmed)
        }
    }

    @Test("arming is denied on a low battery and after a motor failure")
    func armDenied() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration(count: 2)) { sim, peer in
            _ = try await sim.control("fault 0 battery-sag 95")
            #expect(try await peer.command(.componentArmDisarm, 1) == .denied)
            let other = try await MAVLinkTestPeer(vehiclePort: sim.endpoints[1].port)
            _ = try await sim.control("fault 1 motor-fail")
            #expect(try await other.command(.componentArmDisarm, 1, target: 2) == .denied)
            await other.close()
        }
    }

    @Test("an unknown command is answered UNSUPPORTED")
    func unknownCommand() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration()) { _, peer in
            let videoStart = try await peer.command(MAVCmd(rawValue: 2500))
            let madeUp = try await peer.command(MAVCmd(rawValue: 42_424))
            #expect(videoStart == .unsupported)
            #expect(madeUp == .unsupported)
        }
    }

    @Test("takeoff, hold, gripper and disarm rules")
    func takeoffAndRules() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration(speed: 20)) { _, peer in
            #expect(try await peer.command(.navTakeoff, 0, 0, 0, .nan, 0, 0, .nan) == .temporarilyRejected)
            #expect(try await peer.command(.doGripper, 1, 1) == .accepted)
            #expect(try await peer.command(.componentArmDisarm, 1) == .accepted)
            #expect(try await peer.command(.navTakeoff, 0, 0, 0, .nan, 0, 0, 488 + 15) == .accepted)
            let high = try await peer.next(
                GlobalPositionInt.self, timeout: .seconds(10), where: { $0.relativeAlt > 14_000 })
            #expect(high.relativeAlt < 16_500)
            let hb = try await peer.next(Heartbeat.self, where: { SimFixture.mode($0) == .hold })
            #expect(hb.systemStatus == .active)
            // In the air: no loading, no disarm without force.
            #expect(try await peer.command(.doGripper, 1, 1) == .temporarilyRejected)
            #expect(try await peer.command(.componentArmDisarm, 0) == .denied)
            #expect(try await peer.command(.doGripper, 1, 0) == .accepted)
            #expect(try await peer.command(.navLand) == .accepted)
            _ = try await peer.next(Heartbeat.self, timeout: .seconds(15), where: { !SimFixture.isArmed($0) })
            let state = try await peer.next(ExtendedSysState.self)
            #expect(state.landedState == .onGround)
        }
    }

    @Test("SET_MODE and DO_SET_MODE use PX4 custom modes")
    func modes() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration()) { _, peer in
            // Mission mode needs a mission.
            #expect(try await peer.command(.doSetMode, 1, 4, 4) == .denied)
            // Manual (main mode 1) is not flown by the sim.
            #expect(try await peer.command(.doSetMode, 1, 1, 0) == .denied)
            #expect(try await peer.command(.doSetMode, 1, 3, 0) == .accepted)
            let hb = try await peer.next(Heartbeat.self, where: { SimFixture.mode($0) == .position })
            #expect(hb.customMode == 3 << 16)
            try await peer.send(
                SetMode(targetSystem: 1, baseMode: MAVMode(rawValue: 1), customMode: FlightMode.hold.customMode))
            _ = try await peer.next(Heartbeat.self, where: { SimFixture.mode($0) == .hold })
        }
    }
}
