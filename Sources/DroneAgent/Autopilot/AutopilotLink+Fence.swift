import MAVLink

extension AutopilotLink {
    /// Uploads `items` as the autopilot's fence, reads them back and compares, then makes the autopilot
    /// enforce it. Any refusal or difference throws, naming it.
    ///
    /// Unlike the mission's parameters (the integrator's configuration, only verified), the fence
    /// parameters are written: the airspace is ground's, and a fence the autopilot does not act on
    /// protects nothing.
    /// - PX4 enforces an uploaded fence whenever GF_ACTION is not 0; 0 (none) and 1 (warning only)
    ///   become 2 (hold, PX4's default), a chosen hold, return, terminate or land stays.
    /// - ArduCopter needs FENCE_TYPE bit 4 (polygons, which include the uploaded circles); the circle
    ///   around home (bit 2, FENCE_RADIUS) is cleared because the service area replaces it. FENCE_ACTION 0
    ///   (report only) becomes 1 (RTL or land). FENCE_ENABLE is set to 1. A maximum-altitude fence (bit 1)
    ///   stays, but one below `cruiseAltitudeM` would end the flight at its first climb: refused, named.
    public func installFence(_ items: [MissionItemInt], cruiseAltitudeM: Double) async throws(AutopilotError) {
        let adapter = try currentAdapter()
        try await uploadMission(items, type: .fence)
        let readBack = try await downloadMission(type: .fence)
        if let difference = FenceEncoder.difference(uploaded: items, readBack: readBack) {
            throw .fenceMismatch(difference)
        }
        switch adapter.family {
        case .px4:
            let action = try await readParameter("GF_ACTION")
            if action < 2 { try await writeParameter("GF_ACTION", 2, type: .int32) }
        case .ardupilot:
            let types = UInt32(max(0, try await readParameter("FENCE_TYPE")))
            if types & 1 != 0 {
                let ceiling = try await readParameter("FENCE_ALT_MAX")
                guard Double(ceiling) > cruiseAltitudeM else {
                    throw .fenceConflict(
                        "parameter FENCE_ALT_MAX is \(Int(ceiling)) m, the cruise altitude \(Int(cruiseAltitudeM)) m: "
                            + "the maximum-altitude fence (FENCE_TYPE bit 1) would end the flight")
                }
            }
            let wanted = (types | 4) & ~UInt32(2)
            if wanted != types { try await writeParameter("FENCE_TYPE", Float(wanted), type: .int8) }
            if try await readParameter("FENCE_ACTION") == 0 { try await writeParameter("FENCE_ACTION", 1, type: .int8) }
            if try await readParameter("FENCE_ENABLE") != 1 { try await writeParameter("FENCE_ENABLE", 1, type: .int8) }
        }
    }
}
