import MAVLink

extension Vehicle {
    /// Advances the vehicle by `dt` simulated seconds: failsafes, guidance, physics, battery, timers
    /// and due telemetry.
    public mutating func step(dt: Double, environment mean: SimulationEnvironment) {
        time += dt
        let environment = mean.gusting(at: time, vehicle: index)
        airMass = environment.wind
        checkFailsafes()
        if armed && !landed || armed && wantsToFly {
            fly(dt: dt, environment: environment)
        } else {
            kinematics.rest()
        }
        updateBattery(dt: dt, environment: environment)
        checkFence()
        sendWindEstimate(environment: environment, mean: mean)
        autoDisarm()
        retryUpload(environment: environment)
        emitDueTelemetry(environment: environment)
    }

    /// Draws flight power, or charges / swaps the pack on a depot pad (landed and disarmed only).
    private mutating func updateBattery(dt: Double, environment: SimulationEnvironment) {
        if !armed, landed {
            switch pad {
            case .charging(_, let powerW):
                battery.charge(chargerPower: powerW, for: dt)
                rearmBatteryFailsafes()
                return
            case .swapping(let depot, let until):
                if time >= until {
                    battery = Battery(profile: profile)
                    pad = .docked(depot: depot)
                    rearmBatteryFailsafes()
                }
                battery.rest()
                return
            case .offDepot, .waiting, .docked:
                break
            }
        }
        let ground = kinematics.groundVelocity(wind: environment.wind, flying: !landed)
        let power = powerModel.power(
            armed: armed, flying: !landed, airspeed: kinematics.airVelocity.horizontalLength,
            climbRate: -ground.down, payload: payload
        )
        battery.draw(power: power, for: dt)
    }

    /// A pack charged above the return threshold clears the latched low-battery failsafes, so the next
    /// flight reports a healthy state and can trip them again.
    private mutating func rearmBatteryFailsafes() {
        guard battery.stateOfCharge > profile.returnBatteryFraction else { return }
        lowBatteryReturnDone = false
        lowBatteryLandDone = false
    }

    /// Whether the current mode wants to leave the ground.
    var wantsToFly: Bool {
        switch mode {
        case .takeoff: true
        case .mission: !missionFinished && hasMission && missionCurrent < mission.count
        default: false
        }
    }

    private mutating func fly(dt: Double, environment: SimulationEnvironment) {
        switch mode {
        case .hold, .position:
            if !landed { move(to: holdPoint, dt: dt, environment: environment) }
        case .takeoff:
            let target = NED(north: holdPoint.north, east: holdPoint.east, down: -takeoffAltitude)
            liftOff()
            move(to: target, horizontal: false, dt: dt, environment: environment)
            if abs(kinematics.altitude - takeoffAltitude) < 0.5 {
                statusText(.info, "Takeoff complete, holding")
                enterHold()
            }
        case .land:
            descend(at: holdPoint, dt: dt, environment: environment)
        case .returnToLaunch:
            flyReturn(dt: dt, environment: environment)
        case .mission:
            flyMission(dt: dt, environment: environment)
        }
    }

    /// Flies towards `target` (or only vertically), respecting the profile and the wind.
    mutating func move(to target: NED, horizontal: Bool = true, dt: Double, environment: SimulationEnvironment) {
        kinematics.step(towards: target, horizontal: horizontal, profile: profile, wind: environment.wind, dt: dt)
        if kinematics.position.down > 0 { touchDown() }
    }

    /// Descends at `point` and touches down; returns true once on the ground.
    @discardableResult
    mutating func descend(at point: NED, dt: Double, environment: SimulationEnvironment) -> Bool {
        guard !landed else { return true }
        let target = NED(north: point.north, east: point.east, down: 1)
        // PX4 slows to its land speed for the last metres.
        let limit = kinematics.altitude < 5 ? 1.0 : profile.descentRate
        kinematics.step(
            towards: target, horizontal: true, profile: profile, descentLimit: limit, wind: environment.wind, dt: dt)
        if kinematics.position.down >= 0 { touchDown() }
        return landed
    }

    mutating func liftOff() {
        guard landed else { return }
        landed = false
        touchdownTime = nil
    }

    mutating func touchDown() {
        guard !landed else { return }
        landed = true
        kinematics.position.down = 0
        kinematics.rest()
        touchdownTime = time
        statusText(.info, "Landing detected")
    }

    /// Hold where the vehicle is now.
    mutating func enterHold() {
        mode = .hold
        holdPoint = kinematics.position
    }

    /// Return to launch: climb to the return altitude, fly home, land.
    mutating func flyReturn(dt: Double, environment: SimulationEnvironment) {
        let returnAltitude = max(parameters.returnAltitude ?? profile.cruiseAltitude, 0)
        switch returnPhase {
        case .climb:
            if landed && kinematics.position.horizontalLength < profile.acceptanceRadius { return }
            liftOff()
            let altitude = max(kinematics.altitude, returnAltitude)
            move(
                to: NED(north: kinematics.position.north, east: kinematics.position.east, down: -altitude),
                horizontal: false, dt: dt, environment: environment)
            if kinematics.altitude >= returnAltitude - 0.5 {
                returnPhase = .cruise
                holdPoint.down = kinematics.position.down
            }
        case .cruise:
            move(to: NED(north: 0, east: 0, down: holdPoint.down), dt: dt, environment: environment)
            if kinematics.position.horizontalLength < profile.acceptanceRadius { returnPhase = .descend }
        case .descend:
            descend(at: .zero, dt: dt, environment: environment)
        }
    }

    /// Disarms a vehicle that has been on the ground for a while after landing (PX4 COM_DISARM_LAND).
    private mutating func autoDisarm() {
        guard armed, landed, let touchdownTime, time - touchdownTime >= profile.disarmAfterLanding else { return }
        if mode == .mission && !missionFinished { return }
        disarm(reason: "Disarmed by auto disarm on land")
    }

    mutating func disarm(reason: String) {
        armed = false
        touchdownTime = nil
        statusText(.info, reason)
        if personality.family == .ardupilot {
            // AP_Arming_Copter::disarm resets the mission: MISSION_CURRENT reports seq 0 until AUTO resumes.
            missionCurrent = 0
            itemPhase = .start
            sendMissionCurrent()
        }
    }

    /// Battery and hardware failsafes (PX4: low battery -> return, critical -> land).
    private mutating func checkFailsafes() {
        guard armed, !landed else { return }
        let soc = battery.stateOfCharge
        if faults.motorFailed || battery.failed {
            if mode != .land {
                mode = .land
                holdPoint = kinematics.position
            }
            return
        }
        if faults.gpsLost, mode != .land {
            statusText(.critical, "GPS lost: landing")
            mode = .land
            holdPoint = kinematics.position
            return
        }
        if soc <= profile.landBatteryFraction, !lowBatteryLandDone {
            lowBatteryLandDone = true
            statusText(.critical, "Critical battery: landing")
            mode = .land
            holdPoint = kinematics.position
        } else if soc <= profile.returnBatteryFraction, !lowBatteryReturnDone, mode != .land {
            lowBatteryReturnDone = true
            statusText(.warning, "Low battery: returning to launch")
            startReturn()
        }
    }

    mutating func startReturn() {
        mode = .returnToLaunch
        returnPhase = .climb
    }

    /// Queues a STATUSTEXT.
    mutating func statusText(_ severity: MAVSeverity, _ text: String) {
        outbox.send(Statustext(severity: severity, text: String(text.prefix(50))))
    }
}
