import MAVLink

/// Geofence enforcement as each firmware does it.
///
/// PX4 (navigator `Geofence::isInsidePolygonOrCircle`, commander failsafe on `geofence_breached`): the
/// uploaded areas are enforced whenever GF_ACTION is not 0 and the vehicle is armed in the air; inside
/// any inclusion area and outside every exclusion area is inside. GF_ACTION 1 warns, 2 holds, 3 returns,
/// 4 terminates the flight, 5 lands.
///
/// ArduCopter (`Copter::fence_check`, AC_Fence, AC_PolyFence_loader): fences are checked when enabled
/// (FENCE_ENABLE or MAV_CMD_DO_FENCE_ENABLE) for the types in FENCE_TYPE (1 max altitude, 2 circle of
/// FENCE_RADIUS around home, 4 the uploaded polygons and circles, inside every inclusion area). A new
/// breach prints "<fences> breached"; FENCE_ACTION 0 only reports, 1 returns (lands when more than
/// 100 m outside), 2 lands, 3 and 5 SmartRTL (flown as RTL here), 4 brakes. FENCE_STATUS goes out at
/// 1 Hz while a fence is enabled.
extension Vehicle {
    /// AC_FENCE_GIVE_UP_DISTANCE: further outside than this, ArduCopter lands instead of returning.
    static let fenceGiveUpDistance = 100.0

    /// Re-reads the stored fence items into areas (after an upload or a clear).
    mutating func reloadFence() {
        fenceState.regions = FenceRegions(fence, projection: projection)
        fenceState.breaches = []
    }

    /// Whether the firmware checks fences now.
    var fenceEnabled: Bool {
        switch personality.family {
        case .px4: (parameters["GF_ACTION"] ?? 0) != 0 && !fenceState.regions.isEmpty
        case .ardupilot: fenceState.enabledByCommand ?? ((parameters["FENCE_ENABLE"] ?? 0) != 0)
        }
    }

    /// The fences breached at the current position.
    var currentBreaches: FenceState.Kinds {
        guard fenceEnabled else { return [] }
        let p = kinematics.position
        switch personality.family {
        case .px4:
            return fenceState.regions.breached(at: p, allInclusions: false) ? .polygon : []
        case .ardupilot:
            let types = FenceState.Kinds(rawValue: UInt8(clamping: Int(parameters["FENCE_TYPE"] ?? 0)))
            var found: FenceState.Kinds = []
            if types.contains(.maxAltitude), kinematics.altitude > Double(parameters["FENCE_ALT_MAX"] ?? 100) {
                found.insert(.maxAltitude)
            }
            if types.contains(.circle), p.horizontalLength > Double(parameters["FENCE_RADIUS"] ?? 300) {
                found.insert(.circle)
            }
            if types.contains(.polygon), fenceState.regions.breached(at: p, allInclusions: true) {
                found.insert(.polygon)
            }
            return found
        }
    }

    /// Checks the fences once per step and acts on a new breach.
    mutating func checkFence() {
        let now = currentBreaches
        let new = now.subtracting(fenceState.breaches)
        fenceState.breaches = now
        if !new.isEmpty {
            fenceState.breachCount &+= 1
            fenceState.breachTimeMs = timeBootMs
            if armed { actOnBreach(new) }
            sendFenceStatus()
        }
        if personality.family == .ardupilot, fenceEnabled, time >= fenceState.statusDue {
            fenceState.statusDue = time + 1
            sendFenceStatus()
        }
    }

    private mutating func actOnBreach(_ new: FenceState.Kinds) {
        switch personality.family {
        case .px4:
            guard !landed else { return }
            let action = Int(parameters["GF_ACTION"] ?? 0)
            switch action {
            case 1:
                statusText(.critical, "Geofence violated")
                fenceState.lastAction = "warning"
            case 2:
                statusText(.critical, "Geofence violated, holding")
                enterHold()
                fenceState.lastAction = "hold"
            case 3:
                statusText(.critical, "Geofence violated, returning")
                startReturn()
                fenceState.lastAction = "return"
            case 4:
                statusText(.emergency, "Geofence violated, flight termination")
                terminateFlight()
                fenceState.lastAction = "terminate"
            case 5:
                statusText(.critical, "Geofence violated, landing")
                mode = .land
                holdPoint = kinematics.position
                fenceState.lastAction = "land"
            default:
                break
            }
        case .ardupilot:
            if !landed { statusText(.notice, "\(Self.fenceNames(new)) breached") }
            let action = Int(parameters["FENCE_ACTION"] ?? 0)
            guard action != 0 else {
                fenceState.lastAction = "report"
                return
            }
            if landed {
                disarm(reason: "Disarming: fence breach")
                fenceState.lastAction = "disarm"
                return
            }
            let distance = fenceState.regions.breachDistance(at: kinematics.position)
            let giveUp = new == .polygon && distance > Self.fenceGiveUpDistance
            switch action {
            case 2:
                landHere()
            case 4:
                // BRAKE: stop where it is (flown as the sim's hold, reported as copter mode BRAKE).
                enterHold()
                copterMode = .brake
                fenceState.lastAction = "brake"
            default:
                // 1 RTL, 3 SmartRTL or RTL, 5 SmartRTL or land: more than 100 m out it lands.
                if giveUp {
                    landHere()
                } else {
                    startReturn()
                    fenceState.lastAction = "rtl"
                }
            }
        }
    }

    private mutating func landHere() {
        mode = .land
        holdPoint = kinematics.position
        fenceState.lastAction = "land"
    }

    /// PX4 flight termination: motors off, the vehicle falls (here: it is on the ground at once).
    private mutating func terminateFlight() {
        armed = false
        kinematics.position.down = 0
        touchDown()
        touchdownTime = nil
        enterHold()
    }

    /// FENCE_STATUS as `GCS_MAVLINK::send_fence_status` fills it.
    mutating func sendFenceStatus() {
        guard personality.family == .ardupilot else { return }
        let breaches = fenceState.breaches
        var type = FenceBreach.none
        if breaches.contains(.maxAltitude) { type = .maxalt }
        if breaches.contains(.circle) || breaches.contains(.polygon) { type = .boundary }
        outbox.send(
            FenceStatus(
                breachStatus: breaches.isEmpty ? 0 : 1, breachCount: fenceState.breachCount, breachType: type,
                breachTime: fenceState.breachTimeMs, breachMitigation: .init(rawValue: 0)))
    }

    /// `AC_Fence::get_fence_names`: "Polygon fence", "Max Alt and Polygon fences".
    static func fenceNames(_ kinds: FenceState.Kinds) -> String {
        let names = [(FenceState.Kinds.maxAltitude, "Max Alt"), (.circle, "Circle"), (.polygon, "Polygon")]
            .filter { kinds.contains($0.0) }.map(\.1)
        var text = ""
        for (i, name) in names.enumerated() {
            if i > 0 { text += i == names.count - 1 ? " and " : ", " }
            text += name
        }
        return text + (names.count > 1 ? " fences" : " fence")
    }
}
