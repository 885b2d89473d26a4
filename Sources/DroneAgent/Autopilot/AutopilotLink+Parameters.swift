import MAVLink

extension AutopilotLink {
    /// Reads one parameter (PARAM_REQUEST_READ → PARAM_VALUE), asking again when no answer comes.
    public func readParameter(_ name: String, attempts: Int = 3, timeout: Duration = .seconds(1))
        async throws(AutopilotError) -> Float
    {
        let target = snapshot()
        for _ in 0..<max(1, attempts) {
            let frames = frames()
            try await send(
                ParamRequestRead(
                    targetSystem: target.systemID, targetComponent: target.componentID,
                    paramID: name, paramIndex: -1))
            let value = await firstMatch(in: frames, within: timeout) { frame -> ParamValue? in
                guard frame.messageID == ParamValue.messageID, frame.systemID == target.systemID,
                    frame.componentID == target.componentID,
                    let m = try? frame.decode(as: ParamValue.self), m.paramID == name
                else { return nil }
                return m
            }
            if let value { return Self.parameterValue(value.paramValue, type: value.paramType, family: target.family) }
        }
        throw .parameterUnavailable(name: name, attempts: max(1, attempts))
    }

    /// Writes one parameter (PARAM_SET) and waits for the PARAM_VALUE that confirms the value, asking again
    /// when none comes.
    public func writeParameter(
        _ name: String, _ value: Float, type: MAVParamType, attempts: Int = 3, timeout: Duration = .seconds(1)
    ) async throws(AutopilotError) {
        let target = snapshot()
        var reported: Float?
        for _ in 0..<max(1, attempts) {
            let frames = frames()
            try await send(
                ParamSet(
                    targetSystem: target.systemID, targetComponent: target.componentID, paramID: name,
                    paramValue: Self.parameterWire(value, type: type, family: target.family), paramType: type))
            let answer = await firstMatch(in: frames, within: timeout) { frame -> ParamValue? in
                guard frame.messageID == ParamValue.messageID, frame.systemID == target.systemID,
                    frame.componentID == target.componentID,
                    let m = try? frame.decode(as: ParamValue.self), m.paramID == name
                else { return nil }
                return m
            }
            guard let answer else { continue }
            reported = Self.parameterValue(answer.paramValue, type: answer.paramType, family: target.family)
            if reported == value { return }
        }
        throw .parameterNotWritten(name: name, wanted: value, reported: reported)
    }

    /// PX4 carries integer parameters byte-wise in PARAM_VALUE's float (PARAM_ENCODE_BYTEWISE); ArduPilot
    /// casts them to float (PARAM_ENCODE_C_CAST).
    package nonisolated static func parameterValue(_ wire: Float, type: MAVParamType, family: AutopilotFamily?)
        -> Float
    {
        guard family == .px4 else { return wire }
        switch type {
        case .int32: return Float(Int32(bitPattern: wire.bitPattern))
        case .uint32: return Float(wire.bitPattern)
        case .int8: return Float(Int8(truncatingIfNeeded: wire.bitPattern))
        case .uint8: return Float(UInt8(truncatingIfNeeded: wire.bitPattern))
        case .int16: return Float(Int16(truncatingIfNeeded: wire.bitPattern))
        case .uint16: return Float(UInt16(truncatingIfNeeded: wire.bitPattern))
        default: return wire
        }
    }

    package nonisolated static func parameterWire(_ value: Float, type: MAVParamType, family: AutopilotFamily?)
        -> Float
    {
        guard family == .px4 else { return value }
        switch type {
        case .int32, .int8, .int16: return Float(bitPattern: UInt32(bitPattern: Int32(value)))
        case .uint32, .uint8, .uint16: return Float(bitPattern: UInt32(value))
        default: return value
        }
    }

    /// Checks every parameter a mission depends on; throws naming the first one that is not as needed.
    ///
    /// The agent reads but never writes them: they are the integrator's vehicle configuration (kept in the
    /// autopilot's storage across flights), so a wrong one refuses the flight with the reason instead.
    public func verify(_ requirements: [ParameterRequirement]) async throws(AutopilotError) {
        for requirement in requirements {
            let value = try await readParameter(requirement.name)
            guard requirement.isSatisfied(by: value) else {
                throw .parameterNotSet(
                    name: requirement.name, value: value, mask: requirement.mask, purpose: requirement.purpose)
            }
        }
    }
}
