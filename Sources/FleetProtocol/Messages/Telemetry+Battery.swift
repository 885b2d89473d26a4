extension Telemetry {
    /// Battery state.
    public struct Battery: Codable, Hashable, Sendable {
        /// Remaining charge, 0...100.
        public var percent: Double
        /// Pack voltage, volts (≥ 0).
        public var voltageV: Double
        /// Estimated remaining flight time, seconds (≥ 0), if known.
        public var remainingS: Double?

        public init(percent: Double, voltageV: Double, remainingS: Double? = nil) {
            self.percent = percent
            self.voltageV = voltageV
            self.remainingS = remainingS
        }

        public func validate(at path: String) throws(ProtocolError) {
            try Check.range(percent, 0...100, CodingPath.join(path, "percent"))
            try Check.nonNegative(voltageV, CodingPath.join(path, "voltageV"))
            if let remainingS { try Check.nonNegative(remainingS, CodingPath.join(path, "remainingS")) }
        }
    }
}
