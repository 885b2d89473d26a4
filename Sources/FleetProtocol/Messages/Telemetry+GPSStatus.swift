extension Telemetry {
    /// GNSS status: MAVLink `GPS_FIX_TYPE` (0 no GPS … 3 3D fix … 6 RTK fixed, up to 8) and satellite count.
    public struct GPSStatus: Codable, Hashable, Sendable {
        public var fixType: Int
        public var satellites: Int

        public init(fixType: Int, satellites: Int) {
            self.fixType = fixType
            self.satellites = satellites
        }

        /// A 3-D fix or better.
        public var has3DFix: Bool { fixType >= 3 }

        public func validate(at path: String) throws(ProtocolError) {
            guard (0...8).contains(fixType) else {
                throw .invalidValue(path: CodingPath.join(path, "fixType"), reason: "\(fixType) outside 0...8")
            }
            guard (0...255).contains(satellites) else {
                throw .invalidValue(path: CodingPath.join(path, "satellites"), reason: "\(satellites) outside 0...255")
            }
        }
    }
}
