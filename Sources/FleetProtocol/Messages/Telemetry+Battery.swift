extension Telemetry {
    /// Battery state.
    public struct Battery: Codable, Hashable, Sendable {
        /// Remaining charge, 0...100.
        public var percent: Double
        /// Pack voltage, volts (≥ 0).
        public var voltageV: Double
        /// Estimated remaining flight time, seconds (≥ 0), if known.
        public var remainingS: Double?
        /// Whether the pack is discharging, charging on a pad, being swapped or full; absent from agents that
        /// do not know (older agents, autopilots without `BATTERY_STATUS.charge_state`).
        public var chargeState: ChargeState?
        /// When the agent expects the drone to be ready for the next job (charged to its dispatch level,
        /// or the swap finished), epoch milliseconds; absent while discharging.
        public var readyAtMs: Int64?

        public init(
            percent: Double, voltageV: Double, remainingS: Double? = nil, chargeState: ChargeState? = nil,
            readyAtMs: Int64? = nil
        ) {
            self.percent = percent
            self.voltageV = voltageV
            self.remainingS = remainingS
            self.chargeState = chargeState
            self.readyAtMs = readyAtMs
        }

        public func validate(at path: String) throws(ProtocolError) {
            try Check.range(percent, 0...100, CodingPath.join(path, "percent"))
            try Check.nonNegative(voltageV, CodingPath.join(path, "voltageV"))
            if let remainingS { try Check.nonNegative(remainingS, CodingPath.join(path, "remainingS")) }
            if let readyAtMs { try Check.nonNegative(readyAtMs, CodingPath.join(path, "readyAtMs")) }
        }
    }
}

extension Telemetry.Battery {
    /// The pack's charge state, after MAVLink `MAV_BATTERY_CHARGE_STATE` plus the depot's swap.
    public enum ChargeState: String, Codable, CaseIterable, Hashable, Sendable {
        /// In use or idle off a pad.
        case discharging
        /// Landed on a depot pad and charging.
        case charging
        /// Landed at a depot while the pack is exchanged.
        case swapping
        /// Landed on a pad and fully charged.
        case full
    }
}
