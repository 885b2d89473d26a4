import DroneAgent
import FleetProtocol
import MAVLink
import Testing

/// Charging and swaps read from BATTERY_STATUS (PX4 and ArduPilot flavours) into the telemetry's
/// `battery.chargeState` and `battery.readyAtMs`.
@Suite("Charge reporting")
struct ChargeReportingTests {
    static func vehicle(_ autopilot: MAVAutopilot, armed: Bool = false, onGround: Bool = true) -> VehicleState {
        var vehicle = VehicleState()
        vehicle.apply(
            VehicleSharingTests.frame(
                Heartbeat(
                    type: .quadrotor, autopilot: autopilot,
                    baseMode: armed ? [.customModeEnabled, .safetyArmed] : [.customModeEnabled], customMode: 0,
                    systemStatus: MAVState(rawValue: armed ? 4 : 3))))
        vehicle.apply(
            VehicleSharingTests.frame(
                ExtendedSysState(vtolState: .init(rawValue: 0), landedState: onGround ? .onGround : .inAir)))
        return vehicle
    }

    static func battery(
        _ percent: Int8, state: MAVBatteryChargeState = .ok, currentCA: Int16 = 50, timeRemaining: Int32 = 0,
        mode: MAVBatteryMode = .unknown
    ) -> MAVLinkFrame {
        VehicleSharingTests.frame(
            BatteryStatus(
                id: 0, currentBattery: currentCA, currentConsumed: 100, energyConsumed: -1, batteryRemaining: percent,
                timeRemaining: timeRemaining, chargeState: state, mode: mode))
    }

    static let px4 = MAVAutopilot(rawValue: 12)

    func report(_ vehicle: VehicleState) -> (state: Telemetry.Battery.ChargeState, readyAtMs: Int64?) {
        vehicle.charge.report(readyPercent: 95, swapSeconds: 120)
    }

    @Test("PX4 CHARGING: ready projected at the observed rate of the last steps; at the level it is ready")
    func px4Charging() {
        var vehicle = Self.vehicle(Self.px4)
        vehicle.apply(Self.battery(50, state: .charging, currentCA: -1600), receivedAtMs: 1_000_000)
        #expect(report(vehicle) == (.charging, nil), "one step gives no rate yet")
        vehicle.apply(Self.battery(50, state: .charging, currentCA: -1600), receivedAtMs: 1_005_000)
        vehicle.apply(Self.battery(51, state: .charging, currentCA: -1600), receivedAtMs: 1_010_000)
        vehicle.apply(Self.battery(52, state: .charging, currentCA: -1600), receivedAtMs: 1_020_000)
        // 1 point per 10 s: 43 more points after 52 % reached at 1 020 000.
        #expect(report(vehicle) == (.charging, 1_020_000 + 430_000))
        #expect(vehicle.batteryRemainingS == nil, "time_remaining 0 is 'not provided'")
        // Slower in the taper: the window follows the recent steps.
        var t: Int64 = 1_020_000
        for p in 53...60 {
            t += 30_000
            vehicle.apply(Self.battery(Int8(p), state: .charging, currentCA: -800), receivedAtMs: t)
        }
        #expect(report(vehicle) == (.charging, t + 35 * 30_000))
        vehicle.apply(Self.battery(95, state: .charging, currentCA: -100), receivedAtMs: t + 1000)
        vehicle.apply(Self.battery(96, state: .charging, currentCA: -100), receivedAtMs: t + 2000)
        #expect(report(vehicle) == (.charging, t + 1000))
        // Charger done: OK at 100 % on the ground after charging is full, ready since then.
        vehicle.apply(Self.battery(100, state: .ok, currentCA: 40), receivedAtMs: t + 9000)
        #expect(report(vehicle) == (.full, t + 9000))
        vehicle.apply(Self.battery(100, state: .ok, currentCA: 40), receivedAtMs: t + 10_000)
        #expect(report(vehicle) == (.full, t + 9000))
    }

    @Test("PX4 HOT_SWAP: swapping, ready after the configured swap time, full once the new pack is in")
    func px4Swap() {
        var vehicle = Self.vehicle(Self.px4)
        vehicle.apply(Self.battery(20, currentCA: 40), receivedAtMs: 5_000)
        #expect(report(vehicle) == (.discharging, nil))
        vehicle.apply(Self.battery(20, currentCA: 0, mode: .hotSwap), receivedAtMs: 6_000)
        vehicle.apply(Self.battery(20, currentCA: 0, mode: .hotSwap), receivedAtMs: 7_000)
        #expect(report(vehicle) == (.swapping, 6_000 + 120_000))
        vehicle.apply(Self.battery(100, currentCA: 40), receivedAtMs: 126_000)
        #expect(report(vehicle) == (.full, 126_000))
    }

    @Test("ArduPilot never says CHARGING: a negative current on the ground is the charge, a jump a new pack")
    func arduPilot() {
        var vehicle = Self.vehicle(.ardupilotmega)
        vehicle.apply(Self.battery(30, state: .ok, currentCA: -1500), receivedAtMs: 0)
        vehicle.apply(Self.battery(31, state: .ok, currentCA: -1500), receivedAtMs: 10_000)
        vehicle.apply(Self.battery(32, state: .ok, currentCA: -1500), receivedAtMs: 20_000)
        #expect(report(vehicle) == (.charging, 20_000 + 63 * 10_000))
        vehicle.apply(Self.battery(100, state: .ok, currentCA: 0), receivedAtMs: 500_000)
        #expect(report(vehicle) == (.full, 500_000))

        var swapped = Self.vehicle(.ardupilotmega)
        swapped.apply(Self.battery(25, state: .ok, currentCA: 40), receivedAtMs: 0)
        swapped.apply(Self.battery(100, state: .ok, currentCA: 40), receivedAtMs: 1_000)
        #expect(report(swapped) == (.full, 1_000))

        // Fresh at home, never charged: just a full pack, not "on a pad".
        var fresh = Self.vehicle(.ardupilotmega)
        fresh.apply(Self.battery(100, state: .ok, currentCA: 40), receivedAtMs: 0)
        #expect(report(fresh) == (.discharging, nil))
    }

    @Test("armed or flying is discharging whatever the current says (regenerative spikes are not a charge)")
    func armedOrFlying() {
        var armed = Self.vehicle(Self.px4, armed: true)
        armed.apply(Self.battery(60, state: .ok, currentCA: -20), receivedAtMs: 0)
        #expect(report(armed) == (.discharging, nil))
        var flying = Self.vehicle(.ardupilotmega, onGround: false)
        flying.apply(Self.battery(60, state: .ok, currentCA: -20, timeRemaining: 900), receivedAtMs: 0)
        #expect(report(flying) == (.discharging, nil))
        #expect(flying.batteryRemainingS == 900)
    }

    @Test("a charging pack below what the route needs is still refused with insufficientBattery")
    func acceptanceWhileCharging() throws {
        var vehicle = AcceptanceCheckTests.healthy
        vehicle.apply(Self.battery(22, state: .charging, currentCA: -1600), receivedAtMs: 0)
        vehicle.apply(Self.battery(23, state: .charging, currentCA: -1600), receivedAtMs: 10_000)
        #expect(report(vehicle).state == .charging)
        let check = AcceptanceCheck(profile: .default, geofence: try AcceptanceCheckTests.fence(halfSizeM: 5000))
        let long = AcceptanceCheckTests.assignment(pickupM: 3000, dropoffM: 4000)
        #expect(check.evaluate(long, vehicle: vehicle, busy: false)?.reason == .insufficientBattery)
    }
}
