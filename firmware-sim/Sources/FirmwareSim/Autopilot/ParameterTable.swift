import MAVLink

/// The small PX4-named parameter set that ground stations read at connect (MAVSDK, QGC).
struct ParameterTable: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        let name: String
        var value: Float
    }

    private(set) var entries: [Entry]

    init(profile: VehicleProfile) {
        entries = [
            Entry(name: "NAV_ACC_RAD", value: Float(profile.acceptanceRadius)),
            Entry(name: "MIS_TAKEOFF_ALT", value: Float(profile.cruiseAltitude)),
            Entry(name: "RTL_RETURN_ALT", value: Float(profile.cruiseAltitude)),
            Entry(name: "MPC_XY_CRUISE", value: Float(profile.cruiseSpeed)),
            Entry(name: "MPC_Z_VEL_MAX_UP", value: Float(profile.climbRate)),
            Entry(name: "MPC_Z_VEL_MAX_DN", value: Float(profile.descentRate)),
            Entry(name: "COM_DISARM_LAND", value: Float(profile.disarmAfterLanding)),
            Entry(name: "BAT_LOW_THR", value: Float(profile.returnBatteryFraction)),
            Entry(name: "BAT_CRIT_THR", value: Float(profile.landBatteryFraction)),
        ]
    }

    subscript(name: String) -> Float? {
        entries.first { $0.name == name }?.value
    }

    func index(of name: String) -> Int? { entries.firstIndex { $0.name == name } }

    /// Sets a known parameter; false for an unknown name.
    mutating func set(_ name: String, _ value: Float) -> Bool {
        guard let i = index(of: name) else { return false }
        entries[i].value = value
        return true
    }

    func message(at i: Int) -> ParamValue {
        ParamValue(paramId: entries[i].name, paramValue: entries[i].value, paramType: .real32,
                   paramCount: UInt16(entries.count), paramIndex: UInt16(i))
    }
}
