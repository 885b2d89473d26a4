/// Periodic vehicle state, drone → ground on `…/telemetry` (QoS 0).
public struct Telemetry: FleetMessage {
    public static let messageType = "telemetry"
    public static let topicKind = TopicKind.telemetry

    public var droneId: DroneID
    /// Per-drone sample counter, increasing; lets ground drop reordered/duplicate samples.
    public var seq: UInt64
    /// Sample time, epoch milliseconds.
    public var timeMs: Int64
    public var position: Position
    public var velocity: Velocity
    /// Heading, degrees clockwise from true north, 0..<360.
    public var headingDeg: Double
    public var battery: Battery
    /// Autopilot flight mode name as reported (e.g. `mission`, `rtl`, `land`, `hold`).
    public var flightMode: String
    public var armed: Bool
    public var landedState: LandedState
    public var gps: GPSStatus
    /// Current assignment, if any, so ground can attribute the sample without a lookup.
    public var assignmentId: String?

    public init(
        droneId: DroneID, seq: UInt64, timeMs: Int64, position: Position, velocity: Velocity, headingDeg: Double,
        battery: Battery, flightMode: String, armed: Bool, landedState: LandedState, gps: GPSStatus,
        assignmentId: String? = nil
    ) {
        self.droneId = droneId
        self.seq = seq
        self.timeMs = timeMs
        self.position = position
        self.velocity = velocity
        self.headingDeg = headingDeg
        self.battery = battery
        self.flightMode = flightMode
        self.armed = armed
        self.landedState = landedState
        self.gps = gps
        self.assignmentId = assignmentId
    }

    public func validate() throws(ProtocolError) {
        try Check.nonNegative(timeMs, "timeMs")
        try position.validate(at: "position")
        try velocity.validate(at: "velocity")
        try Check.range(headingDeg, 0...360, "headingDeg")
        try battery.validate(at: "battery")
        try Check.text(flightMode, maxBytes: 32, "flightMode")
        try gps.validate(at: "gps")
        if let assignmentId { try Check.identifier(assignmentId, "assignmentId") }
    }
}

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

    /// MAVLink `MAV_LANDED_STATE`.
    public enum LandedState: String, Codable, CaseIterable, Hashable, Sendable {
        case unknown, onGround, inAir, takingOff, landing
    }
}
