extension Telemetry {
    /// A 3-D position: WGS84 lat/lon plus altitude above mean sea level and above home.
    public struct Position: Codable, Hashable, Sendable {
        public var lat: Double
        public var lon: Double
        public var altAmslM: Double
        public var altRelM: Double

        public init(lat: Double, lon: Double, altAmslM: Double, altRelM: Double) {
            self.lat = lat
            self.lon = lon
            self.altAmslM = altAmslM
            self.altRelM = altRelM
        }

        /// The horizontal position.
        public var point: GeoPoint { GeoPoint(lat: lat, lon: lon) }

        public func validate(at path: String) throws(ProtocolError) {
            try point.validate(at: path)
            try Check.range(altAmslM, -500...10_000, CodingPath.join(path, "altAmslM"))
            try Check.range(altRelM, -1_000...10_000, CodingPath.join(path, "altRelM"))
        }
    }
}
