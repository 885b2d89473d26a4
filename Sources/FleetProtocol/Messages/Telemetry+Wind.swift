extension Telemetry {
    /// Wind estimated on board from flight telemetry: the velocity of the air mass in the local NED frame,
    /// m/s (where the wind blows towards, as MAVLink `WIND_COV.wind_x/wind_y`), plus the gust estimate.
    public struct Wind: Codable, Hashable, Sendable {
        public var northMps: Double
        public var eastMps: Double
        /// Largest recent deviation of the horizontal wind speed from its mean, m/s (≥ 0), if known.
        public var gustMps: Double?

        public init(northMps: Double, eastMps: Double, gustMps: Double? = nil) {
            self.northMps = northMps
            self.eastMps = eastMps
            self.gustMps = gustMps
        }

        /// Horizontal wind speed, m/s.
        public var speedMps: Double { (northMps * northMps + eastMps * eastMps).squareRoot() }

        public func validate(at path: String) throws(ProtocolError) {
            try Check.range(northMps, -100...100, CodingPath.join(path, "northMps"))
            try Check.range(eastMps, -100...100, CodingPath.join(path, "eastMps"))
            if let gustMps { try Check.range(gustMps, 0...100, CodingPath.join(path, "gustMps")) }
        }
    }
}
