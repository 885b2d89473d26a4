import Foundation
import MAVLink

extension Vehicle {
    /// Sends every stream whose time has come.
    mutating func emitDueTelemetry(environment: SimulationEnvironment) {
        for stream in TelemetryStream.allCases {
            let interval = streamIntervals[stream.rawValue]
            guard interval > 0, time >= streamDue[stream.rawValue] else { continue }
            send(stream, environment: environment)
            var due = streamDue[stream.rawValue] + interval
            // After a pause (link loss, rate change) restart the cadence instead of bursting.
            if due < time { due = time + interval }
            streamDue[stream.rawValue] = due
        }
    }

    /// REQUEST_MESSAGE: sends the message once; DENIED for ids the sim does not produce.
    mutating func sendOnRequest(messageID: UInt32) -> MAVResult {
        switch messageID {
        case AutopilotVersion.messageID: sendAutopilotVersion()
        case HomePosition.messageID: sendHomePosition()
        case MissionCurrent.messageID: sendMissionCurrent()
        default:
            guard let stream = stream(messageID: messageID) else { return .denied }
            send(stream, environment: SimulationEnvironment())
        }
        return .accepted
    }

    mutating func send(_ stream: TelemetryStream, environment: SimulationEnvironment) {
        switch stream {
        case .heartbeat:
            outbox.send(heartbeat)
            sendCameraHeartbeat()
        case .globalPosition: outbox.send(globalPosition(environment: environment))
        case .attitude: outbox.send(attitude)
        case .gpsRaw: outbox.send(gpsRaw(environment: environment))
        case .sysStatus: outbox.send(sysStatus)
        case .batteryStatus: outbox.send(batteryStatus)
        case .extendedSysState: outbox.send(ExtendedSysState(vtolState: .init(rawValue: 0), landedState: landedState))
        case .missionCurrent: sendMissionCurrent()
        case .vfrHud: outbox.send(vfrHud(environment: environment))
        case .homePosition: sendHomePosition()
        case .systemTime:
            outbox.send(SystemTime(timeUnixUsec: environment.epochMicros + UInt64(time * 1e6), timeBootMs: timeBootMs))
        case .wind:
            if let wind = arduPilotWind { outbox.send(wind) }
        }
    }

    var timeBootMs: UInt32 { UInt32(truncatingIfNeeded: Int64(time * 1000)) }

    /// MAV_STATE: standby on the ground, active armed, critical in a failsafe, emergency on failure.
    var systemStatus: MAVState {
        if faults.motorFailed || battery.failed { return .emergency }
        if !armed { return .standby }
        if lowBatteryReturnDone || lowBatteryLandDone || faults.gpsLost { return .critical }
        return .active
    }

    var heartbeat: Heartbeat {
        switch personality.family {
        case .px4:
            var flags: MAVModeFlag = [.customModeEnabled, .stabilizeEnabled, .guidedEnabled]
            if mode != .position { flags.insert(.autoEnabled) }
            if armed { flags.insert(.safetyArmed) }
            return Heartbeat(
                type: .quadrotor, autopilot: .px4, baseMode: flags, customMode: mode.customMode,
                systemStatus: systemStatus, mavlinkVersion: 3)
        case .ardupilot:
            // GCS_MAVLINK_Copter::base_mode: custom_mode is the copter mode number.
            var flags: MAVModeFlag = [.customModeEnabled, .stabilizeEnabled, .manualInputEnabled]
            let guided: Set<ArduCopterMode> = [
                .auto, .autoRTL, .rtl, .loiter, .avoidADSB, .follow, .guided, .circle, .posHold, .brake, .smartRTL,
            ]
            if guided.contains(copterMode) { flags.insert(.guidedEnabled) }
            if armed { flags.insert(.safetyArmed) }
            return Heartbeat(
                type: .quadrotor, autopilot: .ardupilotmega, baseMode: flags, customMode: copterMode.rawValue,
                systemStatus: systemStatus, mavlinkVersion: 3)
        }
    }

    var landedState: MAVLandedState {
        if landed { return .onGround }
        if mode == .takeoff || (mode == .mission && itemIsTakeoff) { return .takeoff }
        if mode == .land || (mode == .returnToLaunch && returnPhase == .descend) { return .landing }
        if case .descending = itemPhase, mode == .mission { return .landing }
        return .inAir
    }

    private var itemIsTakeoff: Bool {
        mission.items.indices.contains(missionCurrent) && mission.items[missionCurrent].command == .navTakeoff
            && !missionFinished
    }

    /// Reported (noisy) position in local coordinates.
    private mutating func noisyPosition(_ environment: SimulationEnvironment) -> NED {
        guard environment.gpsNoise > 0 else { return kinematics.position }
        let sigma = environment.gpsNoise
        return kinematics.position
            + NED(north: rng.gaussian() * sigma, east: rng.gaussian() * sigma, down: rng.gaussian() * sigma * 1.5)
    }

    private mutating func globalPosition(environment: SimulationEnvironment) -> GlobalPositionInt {
        let local = noisyPosition(environment)
        let geo = projection.geo(local)
        let v = kinematics.groundVelocity(wind: environment.wind, flying: !landed)
        var heading = kinematics.heading * 180 / .pi
        if heading < 0 { heading += 360 }
        return GlobalPositionInt(
            timeBootMs: timeBootMs,
            lat: Int32((geo.latitude * 1e7).rounded()), lon: Int32((geo.longitude * 1e7).rounded()),
            alt: Int32((geo.altitude * 1000).rounded()), relativeAlt: Int32((-local.down * 1000).rounded()),
            vx: Int16(clamping: Int((v.north * 100).rounded())), vy: Int16(clamping: Int((v.east * 100).rounded())),
            vz: Int16(clamping: Int((v.down * 100).rounded())), hdg: UInt16(heading * 100) % 36000
        )
    }

    private mutating func gpsRaw(environment: SimulationEnvironment) -> GPSRawInt {
        let geo = projection.geo(noisyPosition(environment))
        let v = kinematics.groundVelocity(wind: environment.wind, flying: !landed)
        let fix: GPSFixType = faults.gpsLost ? .noFix : .type3dFix
        var course = atan2(v.east, v.north) * 180 / .pi
        if course < 0 { course += 360 }
        let lost = faults.gpsLost
        return GPSRawInt(
            timeUsec: UInt64(time * 1e6), fixType: fix,
            lat: lost ? 0 : Int32((geo.latitude * 1e7).rounded()),
            lon: lost ? 0 : Int32((geo.longitude * 1e7).rounded()),
            alt: lost ? 0 : Int32((geo.altitude * 1000).rounded()),
            eph: lost ? UInt16.max : UInt16(clamping: Int(max(0.7, environment.gpsNoise) * 100)),
            epv: lost ? UInt16.max : UInt16(clamping: Int(max(1.0, environment.gpsNoise * 1.5) * 100)),
            vel: UInt16(clamping: Int(v.horizontalLength * 100)), cog: UInt16(course * 100) % 36000,
            satellitesVisible: lost ? 0 : 14
        )
    }

    private var attitude: Attitude {
        // Tilt follows horizontal acceleration (a ≈ g·tanθ) expressed in the body frame.
        let a = kinematics.acceleration
        let h = kinematics.heading
        let forward = a.north * cos(h) + a.east * sin(h)
        let right = -a.north * sin(h) + a.east * cos(h)
        return Attitude(
            timeBootMs: timeBootMs, roll: Float(atan(right / 9.81)), pitch: Float(-atan(forward / 9.81)),
            yaw: Float(h > .pi ? h - 2 * .pi : h))
    }

    private var sysStatus: SysStatus {
        // PREARM_CHECK healthy means "armable", as PX4 reports it; MAVSDK's health.is_armable reads it.
        let sensors: MAVSysStatusSensor = [
            .sensor3dGyro, .sensor3dAccel, .sensor3dMag, .sensorAbsolutePressure, .sensorGps, .prearmCheck,
        ]
        var health = sensors
        if faults.gpsLost { health.remove(.sensorGps) }
        if prearmFailure() != nil { health.remove(.prearmCheck) }
        return SysStatus(
            onboardControlSensorsPresent: sensors, onboardControlSensorsEnabled: sensors,
            onboardControlSensorsHealth: health,
            load: 250, voltageBattery: UInt16(clamping: Int(battery.voltage * 1000)),
            currentBattery: Int16(clamping: Int(battery.current * 100)),
            batteryRemaining: Int8(clamping: Int((battery.stateOfCharge * 100).rounded()))
        )
    }

    private var batteryStatus: BatteryStatus {
        let cell = UInt16(clamping: Int(battery.cellVoltage * 1000))
        var cells = Array(repeating: UInt16.max, count: 10)
        for i in 0..<min(profile.batteryCells, 10) { cells[i] = cell }
        return BatteryStatus(
            id: 0, batteryFunction: .init(rawValue: 1), type: .init(rawValue: 1), temperature: 2500,
            voltages: cells, currentBattery: Int16(clamping: Int(battery.current * 100)),
            currentConsumed: Int32(battery.consumedMah), energyConsumed: Int32(battery.consumedWh * 36),
            batteryRemaining: Int8(clamping: Int((battery.stateOfCharge * 100).rounded())),
            // Both firmwares fill time_remaining from a discharge estimate only: 0 ("not provided") while
            // charging or resting.
            timeRemaining: Int32(battery.timeRemaining),
            chargeState: batteryChargeState, voltagesExt: [0, 0, 0, 0], mode: batteryMode,
            faultBitmask: .init(rawValue: battery.failed ? 2 : 0)
        )
    }

    /// BATTERY_STATUS.charge_state. PX4's streamer maps battery_status.warning, where a charging pack is
    /// BATTERY_STATE_CHARGING (MAVLink CHARGING); ArduPilot's `AP_BattMonitor::get_mavlink_charge_state` never
    /// reports CHARGING (only OK / LOW / CRITICAL by failsafe, UNHEALTHY on a fault): there the negative
    /// current shows the charge.
    private var batteryChargeState: MAVBatteryChargeState {
        let level: MAVBatteryChargeState =
            battery.stateOfCharge <= profile.landBatteryFraction
            ? .critical : battery.stateOfCharge <= profile.returnBatteryFraction ? .low : .ok
        switch personality.family {
        case .px4:
            if battery.failed { return .failed }
            return battery.isCharging ? .charging : level
        case .ardupilot:
            return battery.failed ? .unhealthy : level
        }
    }

    /// BATTERY_STATUS.mode: PX4 forwards battery_status.mode (HOT_SWAP while the pack is exchanged);
    /// ArduPilot's `send_battery_status` always sends 0.
    private var batteryMode: MAVBatteryMode {
        guard personality.family == .px4, case .swapping = pad else { return .unknown }
        return .hotSwap
    }

    private func vfrHud(environment: SimulationEnvironment) -> VfrHud {
        let v = kinematics.groundVelocity(wind: environment.wind, flying: !landed)
        var heading = kinematics.heading * 180 / .pi
        if heading < 0 { heading += 360 }
        return VfrHud(
            airspeed: Float(kinematics.airVelocity.horizontalLength), groundspeed: Float(v.horizontalLength),
            heading: Int16(heading), throttle: UInt16(landed ? 0 : 50),
            alt: Float(home.altitude + kinematics.altitude), climb: Float(-v.down))
    }

    mutating func sendHomePosition() {
        outbox.send(
            HomePosition(
                latitude: Int32((home.latitude * 1e7).rounded()), longitude: Int32((home.longitude * 1e7).rounded()),
                altitude: Int32((home.altitude * 1000).rounded()), q: [1, 0, 0, 0], timeUsec: UInt64(time * 1e6)
            ))
    }

    mutating func sendAutopilotVersion() {
        var capabilities: MAVProtocolCapability = [
            .missionFloat, .paramFloat, .missionInt, .commandInt, .mavlink2, .gripper, .missionFence, .missionRally,
        ]
        // flight_sw_version: major, minor, patch, FIRMWARE_VERSION_TYPE_OFFICIAL (255).
        let version: UInt32
        switch personality.family {
        case .px4:
            // mission_state is filled from PX4 1.16 on.
            version = personality.px4MissionState == .legacy ? 0x010F_00FF : 0x0110_00FF
        case .ardupilot:
            capabilities.insert(.paramEncodeCCast)
            version = 0x0405_07FF
        }
        outbox.send(
            AutopilotVersion(
                capabilities: capabilities, flightSwVersion: version, middlewareSwVersion: 0, osSwVersion: 0,
                boardVersion: 0,
                flightCustomVersion: Array(repeating: 0, count: 8),
                middlewareCustomVersion: Array(repeating: 0, count: 8),
                osCustomVersion: Array(repeating: 0, count: 8), vendorID: 0, productID: 0, uid: UInt64(systemID),
                uid2: Array(repeating: 0, count: 18)
            ))
    }
}
