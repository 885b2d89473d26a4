import MAVLink

extension Vehicle {
    /// Injects a fault now.
    public mutating func inject(_ fault: Fault) {
        switch fault {
        case .gpsLoss(let lost):
            faults.gpsLost = lost
            statusText(lost ? .critical : .info, lost ? "GPS fix lost" : "GPS fix regained")
        case .batterySag(let fraction):
            battery.sag(fraction: fraction)
            statusText(.warning, "Battery sag")
        case .batteryFailure:
            battery.fail()
            statusText(.emergency, "Battery failure")
        case .linkLoss(let seconds):
            faults.linkDownUntil = time + seconds
        case .motorFailure:
            faults.motorFailed = true
            statusText(.emergency, "Motor failure: landing")
            if armed && !landed {
                mode = .land
                holdPoint = kinematics.position
            }
        case .messageLoss(let rate):
            faults.messageLossRate = rate
        case .clear:
            faults = FaultState()
        }
    }

    /// Whether the link is down now (link-loss fault).
    public var linkDown: Bool { time < faults.linkDownUntil }

    /// Draws whether one message is lost to the injected loss rate.
    public mutating func loseMessage() -> Bool {
        faults.messageLossRate > 0 && Double.random(in: 0..<1, using: &rng) < faults.messageLossRate
    }

    /// Pushes the vehicle sideways by `north`/`east` metres, as a gust or a pilot would: the fence
    /// check then sees where it ended up.
    public mutating func push(north: Double, east: Double) {
        kinematics.position.north += north
        kinematics.position.east += east
    }

    /// `basic/location/system/operator` counts of OPEN_DRONE_ID messages received.
    public var remoteIDSummary: String {
        ["OPEN_DRONE_ID_BASIC_ID", "OPEN_DRONE_ID_LOCATION", "OPEN_DRONE_ID_SYSTEM", "OPEN_DRONE_ID_OPERATOR_ID"]
            .map { "\(remoteIDCounts[$0] ?? 0)" }.joined(separator: "/")
    }

    /// Loads (`kg` > 0) or drops a payload by hand, as the ground crew would.
    public mutating func setPayload(_ kg: Double) {
        payload = kg.clamped(to: 0...profile.maxPayload)
    }

    /// One-line summary for the `status` control command.
    public var statusLine: String { statusLine(depots: []) }

    /// One-line summary for the `status` control command, naming the depot the vehicle is at.
    public func statusLine(depots: [Depot]) -> String {
        let p = position
        let soc = Int((battery.stateOfCharge * 100).rounded())
        return
            "drone \(index) sysid \(systemID) mode \(mode.rawValue) \(armed ? "armed" : "disarmed") \(landed ? "landed" : "flying")"
            + " lat \(String(format6(p.latitude))) lon \(String(format6(p.longitude))) alt \(Int(kinematics.altitude.rounded()))m"
            + " battery \(soc)% payload \(payload)kg mission \(missionCurrent)/\(mission.count)\(missionFinished ? " done" : "")"
            + padSummary(depots) + " autopilot \(personality.family.rawValue)"
            + " fence \(fenceEnabled ? "on" : "off") breached \(fenceState.breaches.isEmpty ? "no" : "yes")"
            + " breaches \(fenceState.breachCount)"
            + " remote-id \(remoteIDSummary)"
    }
}

extension Vehicle {
    /// ` depot d1 charging` and the like, empty off a depot.
    fileprivate func padSummary(_ depots: [Depot]) -> String {
        guard let d = pad.depot, depots.indices.contains(d) else { return "" }
        let state =
            switch pad {
            case .offDepot: ""
            case .waiting: "waiting"
            case .charging: battery.isCharging ? "charging" : "full"
            case .docked: "docked"
            case .swapping(_, let until): "swapping \(Int((until - time).rounded(.up)))s"
            }
        return " depot \(depots[d].depotID) \(state)"
    }
}

private func format6(_ x: Double) -> String {
    let scaled = (x * 1e6).rounded() / 1e6
    return "\(scaled)"
}
