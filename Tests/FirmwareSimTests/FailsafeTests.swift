import FirmwareSim
import MAVLink
import Testing

@Suite("firmware-sim failsafes and faults")
struct FailsafeTests {
    @Test("low battery in a mission returns to launch, lands and disarms")
    func lowBatteryReturn() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration(speed: 25)) { sim, peer in
            let far = SimFixture.offset(SimFixture.home, north: 1500, east: 0)
            let items = [
                SimFixture.item(0, .navTakeoff, altitude: 30), SimFixture.item(1, .navWaypoint, at: far, altitude: 30),
            ]
            #expect(try await peer.upload(items) == .accepted)
            #expect(try await peer.command(.componentArmDisarm, 1) == .accepted)
            #expect(try await peer.command(.missionStart) == .accepted)
            _ = try await peer.next(MissionItemReached.self, timeout: .seconds(10), where: { $0.seq == 0 })
            // Leave 16 %: the next seconds of flight cross the 15 % threshold.
            let soc = try await sim.vehicle(0).battery.stateOfCharge
            #expect(try await sim.control("fault 0 battery-sag \(Int((soc - 0.152) * 100))") == "ok")
            let warning = try await peer.next(
                Statustext.self, timeout: .seconds(10), where: { $0.text.contains("battery") })
            #expect(warning.severity == .warning)
            let rtl = try await peer.next(
                Heartbeat.self, timeout: .seconds(10), where: { SimFixture.mode($0) == .returnToLaunch })
            #expect(rtl.systemStatus == .critical)
            let turning = try await sim.vehicle(0)
            #expect(turning.kinematics.position.north > 20)
            #expect(turning.kinematics.position.north < 1400)
            _ = try await peer.next(Heartbeat.self, timeout: .seconds(30), where: { !SimFixture.isArmed($0) })
            let landed = try await sim.vehicle(0)
            #expect(landed.landed && landed.kinematics.position.horizontalLength < 3)
            let battery = try await peer.next(BatteryStatus.self)
            #expect(battery.batteryRemaining < 15 && battery.batteryRemaining > 0)
        }
    }

    @Test("link loss silences the port for N simulated seconds, then telemetry resumes")
    func linkLoss() async throws {
        // Speed 1: the outage lasts five wall seconds, so the command below lands inside it even when the
        // machine is loaded (at speed 10 its half second was sometimes over before the send arrived).
        // Every check is in simulated time, so the speed changes none of them.
        try await SimFixture.withSimulator(SimFixture.configuration(speed: 1)) { sim, peer in
            let before = try await peer.next(GlobalPositionInt.self)
            #expect(try await sim.control("fault 0 link-loss 5") == "ok")
            // Commands sent during the outage are not heard either: sent at once, before anything else.
            try await peer.send(
                CommandLong(targetSystem: 1, targetComponent: 1, command: .componentArmDisarm, param1: 1))
            // Exactly when it was injected (reading the clock afterwards could be late on a loaded machine).
            let injectedAt = try await sim.vehicle(0).faults.linkDownUntil - 5
            let after = try await peer.next(
                GlobalPositionInt.self, timeout: .seconds(15),
                where: { $0.timeBootMs > UInt32(injectedAt * 1000) + 100 })
            let gap = Double(after.timeBootMs) / 1000 - injectedAt
            #expect(gap >= 4.9 && gap < 5.5, "first position \(gap) s after the fault")
            let during = await peer.received(GlobalPositionInt.self).filter {
                Double($0.timeBootMs) / 1000 > injectedAt + 0.05 && Double($0.timeBootMs) / 1000 < injectedAt + 4.9
            }
            #expect(during.isEmpty)
            #expect(before.timeBootMs < after.timeBootMs)
            #expect(try await sim.vehicle(0).armed == false)
            #expect(await peer.received(CommandAck.self).isEmpty)
        }
    }

    @Test("a fault planned at start (--fault 0:link-loss@2s:3) fires at its simulated time")
    func scheduledFault() async throws {
        let faults = [ScheduledFault(vehicle: 0, fault: .linkLoss(seconds: 3), time: 2)]
        // The vehicle streams to a listening peer from its first step: a peer that had to talk first
        // could be heard only after the fault (2 simulated seconds are 0.2 wall seconds) on a loaded machine.
        try await SimFixture.withListeningPeer(SimFixture.configuration(speed: 10, faults: faults)) { sim, peer in
            _ = try await peer.next(GlobalPositionInt.self)
            let resumed = try await peer.next(
                GlobalPositionInt.self, timeout: .seconds(5), where: { $0.timeBootMs > 2_100 })
            #expect(resumed.timeBootMs >= 4_950 && resumed.timeBootMs < 5_300, "resumed at \(resumed.timeBootMs) ms")
            let times = await peer.received(GlobalPositionInt.self).map(\.timeBootMs)
            #expect(times.contains { $0 < 2_000 })
            #expect(!times.contains { $0 > 2_050 && $0 < 4_950 })
            #expect(try await sim.statistics().droppedByLinkLoss > 0)
        }
    }

    @Test("a motor failure in the air lands the vehicle and declares an emergency")
    func motorFailure() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration(speed: 20)) { sim, peer in
            #expect(try await peer.command(.componentArmDisarm, 1) == .accepted)
            #expect(try await peer.command(.navTakeoff, 0, 0, 0, .nan, 0, 0, 488 + 20) == .accepted)
            _ = try await peer.next(GlobalPositionInt.self, timeout: .seconds(10), where: { $0.relativeAlt > 15_000 })
            #expect(try await sim.control("fault 0 motor-fail") == "ok")
            // Asked at once, while it is still coming down (once landed the answer is TEMPORARILY_REJECTED).
            #expect(try await peer.command(.navReturnToLaunch) == .denied)
            let hb = try await peer.next(Heartbeat.self, where: { SimFixture.mode($0) == .land })
            #expect(hb.systemStatus == .emergency)
            _ = try await peer.next(Heartbeat.self, timeout: .seconds(20), where: { !SimFixture.isArmed($0) })
            #expect(try await sim.vehicle(0).landed)
        }
    }

    @Test("message loss drops a share of the telemetry")
    func messageLoss() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration(speed: 10)) { sim, peer in
            _ = try await peer.next(GlobalPositionInt.self)
            #expect(try await sim.control("fault 0 msg-loss 0.5") == "ok")
            // Counted from a simulated time surely after the injection: on a loaded machine the reply can
            // come simulated seconds after it, and positions of that time (none lost) inflated the share.
            let since = try await sim.vehicle(0).time
            let start = UInt32(since * 1000)
            // 8 s of simulated time, however fast the host runs the simulator.
            _ = try await peer.next(GlobalPositionInt.self, where: { $0.timeBootMs > start + 8_000 })
            let later = await peer.received(GlobalPositionInt.self).filter { $0.timeBootMs > start + 500 }
            let last = try #require(later.last)
            let expected = Double(last.timeBootMs - start - 500) / 100
            let share = Double(later.count) / expected
            #expect(share > 0.3 && share < 0.7, "received \(share) of the positions")
            #expect(try await sim.statistics().droppedByMessageLoss > 0)
        }
    }

    @Test("bad control lines are rejected with a reason, never a crash")
    func badControl() async throws {
        try await SimFixture.withSimulator(SimFixture.configuration()) { sim, _ in
            let replies = try await [
                sim.control("fault 7 gps-loss"), sim.control("fault 0 warp-drive"), sim.control("fault 0 msg-loss 3"),
                sim.control("launch"), sim.control("status"),
            ]
            #expect(replies[0].hasPrefix("error: no drone '7'"))
            #expect(replies[1].hasPrefix("error: unknown fault"))
            #expect(replies[2].hasPrefix("error: invalid number"))
            #expect(replies[3].hasPrefix("error: unknown command"))
            #expect(replies[4].hasPrefix("drone 0 sysid 1 mode hold disarmed landed"), "\(replies[4])")
        }
    }
}
