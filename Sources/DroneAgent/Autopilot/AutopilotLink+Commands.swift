import MAVLink

extension AutopilotLink {
    /// Sends COMMAND_LONG and waits for its COMMAND_ACK, retrying (with increasing `confirmation`)
    /// when none comes. Returns the result; throws only when no ack arrives at all.
    @discardableResult
    public func command(
        _ command: MAVCmd, params: [Float] = [], retries: Int = 3, timeout: Duration = .seconds(1)
    ) async throws(AutopilotError) -> MAVResult {
        let p = params + Array(repeating: 0, count: max(0, 7 - params.count))
        let target = snapshot()
        for attempt in 0..<max(1, retries) {
            let frames = frames()
            try await send(
                CommandLong(
                    targetSystem: target.systemID, targetComponent: target.componentID, command: command,
                    confirmation: UInt8(min(attempt, 255)), param1: p[0], param2: p[1], param3: p[2], param4: p[3],
                    param5: p[4], param6: p[5], param7: p[6]))
            let ack = await firstMatch(in: frames, within: timeout) { frame -> MAVResult? in
                // An ack addressed to another component (a second ground station) is not ours.
                guard frame.messageID == CommandAck.messageID, let ack = try? frame.decode(as: CommandAck.self),
                    ack.command == command, ack.result != .inProgress,
                    Self.addressedToUs(
                        system: ack.targetSystem, component: ack.targetComponent, vehicle: target.systemID)
                else { return nil }
                return ack.result
            }
            if let ack { return ack }
        }
        throw .noAck(command: command.rawValue, attempts: max(1, retries))
    }

    /// Like ``command(_:params:retries:timeout:)`` but a non-accepted result throws.
    public func require(_ command: MAVCmd, params: [Float] = []) async throws(AutopilotError) {
        let result = try await self.command(command, params: params)
        guard result == .accepted else { throw .commandRejected(command: command.rawValue, result: result.rawValue) }
    }

    /// Switches flight mode (MAV_CMD_DO_SET_MODE with the family's custom mode).
    public func setMode(_ kind: FlightMode.Kind) async throws(AutopilotError) {
        let adapter = try currentAdapter()
        guard let params = adapter.setModeParameters(kind) else {
            throw .modeUnavailable(mode: "\(kind)", family: adapter.family.rawValue)
        }
        try await require(.doSetMode, params: params)
    }

    /// The adapter for the autopilot on the link, or why there is none.
    public func currentAdapter() throws(AutopilotError) -> any AutopilotAdapter {
        let vehicle = snapshot()
        if let adapter = vehicle.adapter { return adapter }
        throw .unsupportedAutopilot(vehicle.unsupportedAutopilot ?? "no autopilot heartbeat yet")
    }

    /// Arms (in the family's arming mode) and starts the loaded mission from its first item.
    public func armAndStartMission() async throws(AutopilotError) {
        let adapter = try currentAdapter()
        if let mode = adapter.armingMode, snapshot().mode.kind != mode { try await setMode(mode) }
        if !snapshot().armed { try await arm() }
        try await startMission(first: 0)
    }

    /// Whether a message's target fields address this companion, component 191 on the vehicle's system
    /// `vehicle` (0 = broadcast).
    package nonisolated static func addressedToUs(system: UInt8, component: UInt8, vehicle: UInt8) -> Bool {
        (system == 0 || system == vehicle) && (component == 0 || component == Self.componentID)
    }

    /// Arms the motors.
    public func arm() async throws(AutopilotError) { try await require(.componentArmDisarm, params: [1]) }

    /// Starts the loaded mission from item `first`.
    public func startMission(first: Int = 0) async throws(AutopilotError) {
        try await require(.missionStart, params: [Float(first), 0])
    }

    /// Returns to launch.
    public func returnToLaunch() async throws(AutopilotError) { try await require(.navReturnToLaunch) }

    /// Lands where the vehicle is.
    public func land() async throws(AutopilotError) { try await require(.navLand) }

    /// Waits for the first frame `match` maps to a value, or nil after `timeout`.
    func firstMatch<T: Sendable>(
        in frames: AsyncStream<MAVLinkFrame>, within timeout: Duration,
        _ match: @escaping @Sendable (MAVLinkFrame) -> T?
    ) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask {
                for await frame in frames { if let value = match(frame) { return value } }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
