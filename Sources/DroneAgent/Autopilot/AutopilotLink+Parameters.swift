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
            let value = await firstMatch(in: frames, within: timeout) { frame -> Float? in
                guard frame.messageID == ParamValue.messageID, frame.systemID == target.systemID,
                    frame.componentID == target.componentID,
                    let m = try? frame.decode(as: ParamValue.self), m.paramID == name
                else { return nil }
                return m.paramValue
            }
            if let value { return value }
        }
        throw .parameterUnavailable(name: name, attempts: max(1, attempts))
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
