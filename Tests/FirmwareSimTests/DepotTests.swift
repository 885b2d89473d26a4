import FirmwareSim
import Foundation
import MAVLink
import TestSupport
import Testing

@Suite("firmware-sim depots: charging, pads, swaps")
struct DepotTests {
    static let home = SimFixture.home

    static func depot(
        _ id: String = "d1", at point: SimGeoPoint = home, pads: Int = 4, powerW: Double = 400,
        swapSeconds: Double = 30, mode: DepotMode = .charge
    ) -> Depot {
        Depot(
            depotID: id, latitude: point.latitude, longitude: point.longitude, pads: pads, chargePowerW: powerW,
            swapSeconds: swapSeconds, mode: mode)
    }

    /// `count` vehicles all at `home`, with `depots`.
    static func configuration(
        count: Int = 1, depots: [Depot], personality: AutopilotPersonality = .px4, speed: Double = 20
    ) -> SimulatorConfiguration {
        var c = SimFixture.configuration(count: count, speed: speed, personality: personality)
        c.homes = Array(repeating: home, count: count)
        c.depots = depots
        return c
    }

    /// Polls the simulator until `condition` holds for its vehicles (simulated state, no wall bound but TestPace's).
    static func wait(
        _ sim: Simulator, count: Int, timeout: Duration = .seconds(10), _ what: String,
        until condition: ([Vehicle]) -> Bool
    ) async throws -> [Vehicle] {
        let deadline = ContinuousClock.now + TestPace.scaled(timeout)
        while true {
            var vehicles: [Vehicle] = []
            for i in 0..<count { vehicles.append(try await sim.vehicle(i)) }
            if condition(vehicles) { return vehicles }
            guard ContinuousClock.now < deadline else {
                let states = vehicles.map { "\($0.index): \($0.pad) armed \($0.armed)" }.joined(separator: "; ")
                throw MAVLinkTestPeer.Timeout(what: "\(what) (\(states))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test(
        "charging curve: full power to 80 %, then a CC-CV taper that still ends full; full and failed packs take nothing"
    )
    func chargingCurve() {
        let profile = AirframeModel()
        var battery = Battery(profile: profile)
        battery.sag(fraction: 0.8)
        var t = 0.0
        while battery.stateOfCharge < 0.8 {
            battery.charge(chargerPower: 400, for: 1)
            t += 1
        }
        // 150 Wh at 400 W: 1350 s, at full power all the way.
        #expect(abs(t - 1350) <= 1)
        #expect(battery.isCharging)
        #expect(abs(battery.power + 400) < 1e-9)
        #expect(battery.current < 0)
        #expect(battery.timeRemaining == 0)
        #expect(abs(Battery.chargeAcceptance(stateOfCharge: 0.9) - 0.5) < 1e-9)
        #expect(Battery.chargeAcceptance(stateOfCharge: 0.999) == 0.05)
        var topUp = 0.0
        while battery.stateOfCharge < 1 {
            battery.charge(chargerPower: 400, for: 1)
            topUp += 1
            if topUp > 3 * 3600 { break }
        }
        // The last 50 Wh would take 450 s at full power; the taper stretches it, but it ends.
        #expect(topUp > 2 * 450)
        #expect(topUp < 3 * 3600)
        #expect(battery.stateOfCharge == 1)
        battery.charge(chargerPower: 400, for: 1)
        #expect(!battery.isCharging)
        #expect(battery.power == 0)
        var failed = Battery(profile: profile)
        failed.sag(fraction: 0.5)
        failed.fail()
        failed.charge(chargerPower: 400, for: 60)
        #expect(!failed.isCharging)
        #expect(failed.stateOfCharge == 0)
    }

    @Test("depots file: the planner's format, errors name the field")
    func depotsFile() throws {
        let good = Data(
            #"{"depots":[{"depotId":"d1","lat":47.39,"lon":8.54,"pads":4,"chargePowerW":400,"swapSeconds":120,"mode":"charge"},{"depotId":"d2","lat":47.4,"lon":8.55,"pads":1,"chargePowerW":250,"swapSeconds":90,"mode":"swap"}]}"#
                .utf8)
        let depots = try DepotsFile.parse(good, path: "d.json")
        #expect(depots.map(\.depotID) == ["d1", "d2"])
        #expect(depots[1].mode == .swap && depots[1].pads == 1 && depots[1].swapSeconds == 90)
        func field(_ json: String) -> String? {
            do {
                _ = try DepotsFile.parse(Data(json.utf8), path: "d.json")
                return nil
            } catch {
                switch error {
                case .malformed(_, let field, _), .invalid(_, let field, _): return field
                case .unreadable: return "unreadable"
                }
            }
        }
        let base = #""depotId":"d1","lat":47.39,"lon":8.54,"chargePowerW":400,"swapSeconds":120,"mode":"charge""#
        #expect(field(#"{"depots":[{\#(base)}]}"#) == "depots[0].pads")
        #expect(field(#"{"depots":[{\#(base),"pads":0}]}"#) == "depots[0].pads")
        #expect(field(#"{"depots":[{\#(base),"pads":"four"}]}"#) == "depots[0].pads")
        #expect(
            field(#"{"depots":[{\#(base),"pads":1},{\#(base.replacingOccurrences(of: "d1", with: "d2")),"pads":1.5}]}"#)
                == "depots[1].pads")
        #expect(
            field(#"{"depots":[{\#(base.replacingOccurrences(of: "charge\"", with: "fast\"")),"pads":1}]}"#)
                == "depots[0].mode")
        #expect(
            field(#"{"depots":[{\#(base.replacingOccurrences(of: ":400", with: ":-5")),"pads":1}]}"#)
                == "depots[0].chargePowerW")
        #expect(
            field(#"{"depots":[{\#(base.replacingOccurrences(of: ":47.39", with: ":147")),"pads":1}]}"#)
                == "depots[0].lat")
        #expect(field(#"{"depots":[{\#(base),"pads":1},{\#(base),"pads":2}]}"#) == "depots[1].depotId")
        #expect(field(#"{"depot":[]}"#) == "depots")
        let error = #expect(throws: DepotsFile.LoadError.self) {
            try DepotsFile.parse(Data(#"{"depots":[{\#(base),"pads":0}]}"#.utf8), path: "d.json")
        }
        #expect(error?.description.contains("depots[0].pads") == true)
        #expect(error?.description.contains("d.json") == true)
    }

    @Test("pads are a capacity: more landed drones than pads wait, and take a pad when one leaves")
    func padCapacity() async throws {
        let config = Self.configuration(count: 3, depots: [Self.depot(pads: 2)])
        try await SimFixture.withSimulator(config) { sim, peer in
            #expect(try await sim.control("fault all battery-sag 40") == "ok")
            let vehicles = try await Self.wait(sim, count: 3, "two drones charging") { vehicles in
                vehicles.filter { if case .charging = $0.pad { true } else { false } }.count == 2
                    && vehicles[0].battery.isCharging
            }
            let waiting = vehicles.filter { if case .waiting = $0.pad { true } else { false } }
            #expect(waiting.map(\.index) == [2])
            #expect(vehicles[0].battery.isCharging && !vehicles[2].battery.isCharging)
            let status = try await sim.control("status").split(separator: "\n")
            #expect(status[0].contains("depot d1 charging"))
            #expect(status[2].contains("depot d1 waiting"))
            #expect(status[2].hasSuffix("autopilot px4"))
            // Drone 0 arms: it leaves its pad, and the waiting drone takes it.
            #expect(try await peer.command(.componentArmDisarm, 1) == .accepted)
            // Arming, leaving the pad and the waiting drone taking it are seen over several status reads.
            let after = try await Self.wait(sim, count: 3, "drone 0 off its pad, drone 2 on the freed pad") {
                vehicles in
                if vehicles[0].armed, vehicles[0].pad == .offDepot, case .charging = vehicles[2].pad { return true }
                return false
            }
            #expect(after[0].pad == .offDepot)
            #expect(after[0].battery.power > 0)
        }
    }

    @Test("BATTERY_STATUS while charging, per personality", arguments: [AutopilotFamily.px4, .ardupilot])
    func batteryStatusWhileCharging(family: AutopilotFamily) async throws {
        let config = Self.configuration(
            depots: [Self.depot(powerW: 2000)], personality: AutopilotPersonality(family: family))
        try await SimFixture.withSimulator(config) { sim, peer in
            #expect(try await sim.control("fault 0 battery-sag 50") == "ok")
            let first = try await peer.next(BatteryStatus.self, where: { $0.currentBattery < 0 })
            switch family {
            case .px4: #expect(first.chargeState == .charging)
            // AP_BattMonitor::get_mavlink_charge_state never says CHARGING: the negative current does.
            case .ardupilot: #expect(first.chargeState == .ok)
            }
            #expect(first.mode == .unknown)
            // A discharge estimate only: "not provided" while charging.
            #expect(first.timeRemaining == 0)
            #expect(first.batteryRemaining >= 49 && first.batteryRemaining < 60)
            let later = try await peer.next(
                BatteryStatus.self, timeout: .seconds(20), where: { $0.batteryRemaining >= first.batteryRemaining + 3 })
            #expect(later.currentBattery < 0)
            let sys = try await peer.next(SysStatus.self)
            let now = try await peer.next(BatteryStatus.self)
            #expect(abs(Int(sys.batteryRemaining) - Int(now.batteryRemaining)) <= 1)
            #expect(sys.currentBattery < 0)
        }
    }

    @Test("swap-battery: PX4 reports HOT_SWAP, arming is refused during the swap, the pack comes back full")
    func swap() async throws {
        // 200 simulated seconds are 10 s of wall time at speed 20: the arm attempt and the second swap
        // order below must land inside the swap even when other builds starve the test of CPU.
        let config = Self.configuration(depots: [Self.depot(swapSeconds: 200, mode: .swap)])
        try await SimFixture.withSimulator(config) { sim, peer in
            #expect(try await sim.control("fault 0 battery-sag 70") == "ok")
            _ = try await Self.wait(sim, count: 1, "docked") { $0[0].pad == .docked(depot: 0) }
            // A swap depot does not charge.
            let docked = try await peer.next(BatteryStatus.self, where: { $0.batteryRemaining < 35 })
            #expect(docked.currentBattery > 0 && docked.chargeState != .charging)
            #expect(try await sim.control("swap-battery 0") == "ok swapping 200.0s")
            let swapping = try await peer.next(BatteryStatus.self, where: { $0.mode == .hotSwap })
            #expect(swapping.batteryRemaining < 35)
            #expect(try await peer.command(.componentArmDisarm, 1) == .denied)
            #expect(try await sim.control("swap-battery 0").contains("already in progress"))
            let done = try await peer.next(
                BatteryStatus.self, timeout: .seconds(40), where: { $0.batteryRemaining == 100 })
            #expect(done.mode == .unknown)
            #expect(done.chargeState == .ok)
            #expect(try await peer.command(.componentArmDisarm, 1) == .accepted)
        }
    }

    @Test("swap-battery is refused while armed, off a depot, at a charge depot, without a drone")
    func swapRefusals() async throws {
        let far = LocalProjection(origin: Self.home).geo(NED(north: 800, east: 0))
        var config = Self.configuration(
            count: 2, depots: [Self.depot("charger"), Self.depot("swapper", at: far, mode: .swap)])
        config.homes[1] = LocalProjection(origin: Self.home).geo(NED(north: 0, east: 400))
        try await SimFixture.withSimulator(config) { sim, peer in
            _ = try await Self.wait(sim, count: 2, "drone 0 on the charger") {
                if case .charging = $0[0].pad { return true }
                return false
            }
            #expect(
                try await sim.control("swap-battery 0")
                    == "error: swap-battery refused for drone 0: depot charger charges (mode charge), it does not swap")
            #expect(try await sim.control("swap-battery 1").contains("not at a depot"))
            #expect(try await sim.control("swap-battery all").hasPrefix("error: invalid value 'all'"))
            #expect(try await sim.control("swap-battery 7").hasPrefix("error: no drone '7'"))
            #expect(try await sim.control("swap-battery").hasPrefix("error: missing"))
            #expect(try await peer.command(.componentArmDisarm, 1) == .accepted)
            _ = try await Self.wait(sim, count: 2, "drone 0 off the pad") { $0[0].pad == .offDepot }
            #expect(try await sim.control("swap-battery 0").contains("armed"))
        }
        var bare = SimFixture.configuration()
        bare.controlPort = 0
        try await SimFixture.withSimulator(bare) { sim, _ in
            let reply = try await sim.control("swap-battery 0")
            #expect(reply.contains("no depots configured"))
        }
    }
}
