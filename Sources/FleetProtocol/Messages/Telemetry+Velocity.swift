extension Telemetry {
    /// Ground velocity in the local NED frame, m/s.
    public struct Velocity: Codable, Hashable, Sendable {
        public var northMps: Double
        public var eastMps: Double
        public var downMps: Double

        public init(northMps: Double, eastMps: Double, downMps: Double) {
            self.northMps = northMps
            self.eastMps = eastMps
            self.downMps = downMps
        }

        /// Horizontal speed, m/s.
        public var groundSpeedMps: Double { (northMps * northMps + eastMps * eastMps).squareRoot() }

        public func validate(at path: String) throws(ProtocolError) {
            try Check.range(northMps, -200...200, CodingPath.join(path, "northMps"))
            try Check.range(eastMps, -200...200, CodingPath.join(path, "eastMps"))
            try Check.range(downMps, -200...200, CodingPath.join(path, "downMps"))
        }
    }
}
