/// Periodic vehicle state, drone → ground on `…/telemetry` (QoS 0).
public struct Telemetry: FleetMessage {
    public static let messageType = "telemetry"
    public static let topicKind = TopicKind.telemetry

    public var droneID: DroneID
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
    public var assignmentID: String?
    /// The on-board wind estimate, once the agent has one.
    public var wind: Wind?

    public init(
        droneID: DroneID, seq: UInt64, timeMs: Int64, position: Position, velocity: Velocity, headingDeg: Double,
        battery: Battery, flightMode: String, armed: Bool, landedState: LandedState, gps: GPSStatus,
        assignmentID: String? = nil, wind: Wind? = nil
    ) {
        self.droneID = droneID
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
        self.assignmentID = assignmentID
        self.wind = wind
    }

    public func validate() throws(ProtocolError) {
        try Check.nonNegative(timeMs, "timeMs")
        try position.validate(at: "position")
        try velocity.validate(at: "velocity")
        try Check.range(headingDeg, 0...360, "headingDeg")
        try battery.validate(at: "battery")
        try Check.text(flightMode, maxBytes: 32, "flightMode")
        try gps.validate(at: "gps")
        if let assignmentID { try Check.identifier(assignmentID, "assignmentId") }
        try wind?.validate(at: "wind")
    }
    enum CodingKeys: String, CodingKey {
        case droneID = "droneId"
        case seq, timeMs, position, velocity, headingDeg, battery, flightMode, armed, landedState, gps, wind
        case assignmentID = "assignmentId"
    }
}
