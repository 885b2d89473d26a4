import MAVLink

/// The parameters ground stations read at connect (MAVSDK, QGC, MAVProxy), named and scaled as the
/// personality's firmware names them, and the few the simulated autopilot reads back.
struct ParameterTable: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        let name: String
        var value: Float
        var type: MAVParamType = .real32
    }

    let family: AutopilotFamily
    private(set) var entries: [Entry]

    init(profile: AirframeModel, family: AutopilotFamily) {
        self.family = family
        switch family {
        case .px4:
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
                // Geofence breach action (navigator/geofence_params.c): 0 none, 1 warning, 2 hold, 3 return,
                // 4 terminate, 5 land; default hold.
                Entry(name: "GF_ACTION", value: 2, type: .int32),
            ]
        case .ardupilot:
            // ArduCopter keeps distances and speeds in cm and cm/s.
            entries = [
                Entry(name: "WPNAV_RADIUS", value: Float(profile.acceptanceRadius * 100)),
                Entry(name: "WPNAV_SPEED", value: Float(profile.cruiseSpeed * 100)),
                Entry(name: "WPNAV_SPEED_UP", value: Float(profile.climbRate * 100)),
                Entry(name: "WPNAV_SPEED_DN", value: Float(profile.descentRate * 100)),
                Entry(name: "RTL_ALT", value: Float(profile.cruiseAltitude * 100)),
                Entry(name: "PILOT_TKOFF_ALT", value: Float(profile.cruiseAltitude * 100)),
                Entry(name: "DISARM_DELAY", value: Float(profile.disarmAfterLanding), type: .int8),
                // AP_Mission MIS_OPTIONS: bit 2 (4) continues a mission after a NAV_LAND.
                Entry(name: "MIS_OPTIONS", value: 0, type: .int16),
                // ModeAuto AUTO_OPTIONS: bit 0 allows arming in AUTO.
                Entry(name: "AUTO_OPTIONS", value: 0, type: .int32),
                // AC_Fence: off until enabled; copter default types max altitude (1), circle around
                // home (2) and polygons (4); action 1 RTL or land.
                Entry(name: "FENCE_ENABLE", value: 0, type: .int8),
                Entry(name: "FENCE_TYPE", value: 7, type: .int8),
                Entry(name: "FENCE_ACTION", value: 1, type: .int8),
                Entry(name: "FENCE_ALT_MAX", value: 100),
                Entry(name: "FENCE_RADIUS", value: 300),
            ]
        }
    }

    subscript(name: String) -> Float? {
        entries.first { $0.name == name }?.value
    }

    /// Waypoint acceptance radius, m.
    var acceptanceRadius: Double? {
        switch family {
        case .px4: self["NAV_ACC_RAD"].map(Double.init)
        case .ardupilot: self["WPNAV_RADIUS"].map { Double($0) / 100 }
        }
    }

    /// Return altitude above home, m.
    var returnAltitude: Double? {
        switch family {
        case .px4: self["RTL_RETURN_ALT"].map(Double.init)
        case .ardupilot: self["RTL_ALT"].map { Double($0) / 100 }
        }
    }

    func index(of name: String) -> Int? { entries.firstIndex { $0.name == name } }

    /// Sets a known parameter from PARAM_SET's `param_value`; false for an unknown name. Integer
    /// parameters keep whole values.
    mutating func set(_ name: String, _ wire: Float) -> Bool {
        guard let i = index(of: name) else { return false }
        let value = decode(wire, type: entries[i].type)
        guard value.isFinite else { return false }
        entries[i].value = entries[i].type == .real32 ? value : value.rounded(.towardZero)
        return true
    }

    func message(at i: Int) -> ParamValue {
        ParamValue(
            paramID: entries[i].name, paramValue: encode(entries[i].value, type: entries[i].type),
            paramType: entries[i].type, paramCount: UInt16(entries.count), paramIndex: UInt16(i))
    }

    /// PX4 carries integer parameters byte-wise in the float field (MAV_PROTOCOL_CAPABILITY_PARAM_ENCODE_BYTEWISE,
    /// mavlink_parameters.cpp); ArduPilot casts them (PARAM_ENCODE_C_CAST).
    private func encode(_ value: Float, type: MAVParamType) -> Float {
        guard family == .px4, type == .int32 else { return value }
        return Float(bitPattern: UInt32(bitPattern: Int32(value)))
    }

    private func decode(_ wire: Float, type: MAVParamType) -> Float {
        guard family == .px4, type == .int32 else { return wire }
        return Float(Int32(bitPattern: wire.bitPattern))
    }
}
