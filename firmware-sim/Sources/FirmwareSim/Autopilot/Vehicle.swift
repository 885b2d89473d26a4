import MAVLink
import SeededRandom

/// One simulated flight controller: autopilot state machine, kinematics, battery, mission store and
/// telemetry scheduler. A plain value: the simulation engine steps it and feeds it frames; it writes
/// the frames it answers with into `outbox`.
public struct Vehicle: Sendable {
    /// Position of this vehicle in the simulation (0-based).
    public let index: Int
    public let systemID: UInt8
    public static let componentID: UInt8 = 1
    public let profile: AirframeModel
    /// The firmware this vehicle imitates.
    public let personality: AutopilotPersonality
    public let home: SimGeoPoint
    let projection: LocalProjection
    let powerModel: PowerModel

    // Flight state.
    public internal(set) var kinematics = Kinematics()
    public internal(set) var battery: Battery
    public internal(set) var armed = false
    public internal(set) var landed = true
    public internal(set) var mode: FlightMode = .hold {
        didSet { if mode != oldValue { copterMode = ArduCopterMode.reported(for: mode, before: copterMode) } }
    }
    /// The ArduCopter mode number an ArduPilot personality reports (several copter modes fly as the
    /// sim's `hold`).
    public internal(set) var copterMode: ArduCopterMode = .stabilize
    /// Payload on board, kg.
    public internal(set) var payload: Double = 0
    /// Simulated seconds since start.
    public internal(set) var time: Double = 0
    var holdPoint: NED = .zero
    var takeoffAltitude: Double
    var touchdownTime: Double?
    var returnPhase: ReturnPhase = .climb

    // Mission.
    /// The mission as stored; for ArduPilot seq 0 is the home slot and flying starts at 1.
    public internal(set) var mission = MissionPlan()
    /// Geofence and rally points (mission_type FENCE and RALLY), as stored.
    public internal(set) var fence = MissionPlan()
    public internal(set) var rally = MissionPlan()
    /// The fence as enforced: areas, breach state, FENCE_STATUS counters.
    public internal(set) var fenceState = FenceState()
    /// OPEN_DRONE_ID_* messages received, by MAVLink message name (as a transponder would take them).
    public internal(set) var remoteIDCounts: [String: Int] = [:]
    public internal(set) var missionCurrent = 0
    public internal(set) var missionFinished = false
    /// Sequence numbers reported by MISSION_ITEM_REACHED, in order (for status and tests).
    public internal(set) var reachedItems: [Int] = []
    var itemPhase: ItemPhase = .start
    /// ArduPilot: DO items already started alongside the navigation item before them.
    var startedDoItems: Set<Int> = []
    var upload: MissionUpload?
    /// Next WIND_COV (PX4), simulated seconds.
    var windDue: Double = 0
    /// The wind where the vehicle is at the last step, gust included (NED, where the air moves to).
    var airMass = NED()

    /// Depot and pad the vehicle stands on; set by the engine, which knows every vehicle and depot.
    public internal(set) var pad: PadState = .offDepot

    /// The payload camera (component `SimulatedCamera.componentID`), nil on a vehicle without one.
    public internal(set) var camera: SimulatedCamera?

    // Faults and failsafes.
    public internal(set) var faults = FaultState()
    var lowBatteryReturnDone = false
    var lowBatteryLandDone = false
    var parameters: ParameterTable

    // Telemetry.
    var streamIntervals: [Double]
    let defaultIntervals: [Double]
    var streamDue: [Double]
    var rng: SeededGenerator
    /// Frames waiting to be sent.
    public internal(set) var outbox: Outbox

    /// A vehicle on the ground at `home`, disarmed, battery full.
    public init(
        index: Int, systemID: UInt8, home: SimGeoPoint, profile: AirframeModel, rates: StreamRates, seed: UInt64,
        personality: AutopilotPersonality = .px4
    ) {
        self.index = index
        self.systemID = systemID
        self.profile = profile
        self.personality = personality
        self.home = home
        projection = LocalProjection(origin: home)
        powerModel = PowerModel(profile: profile)
        battery = Battery(profile: profile)
        takeoffAltitude = profile.cruiseAltitude
        parameters = ParameterTable(profile: profile, family: personality.family)
        streamIntervals = TelemetryStream.allCases.map { stream in
            let rate = stream.rate(in: rates)
            return rate > 0 ? 1 / rate : 0
        }
        defaultIntervals = streamIntervals
        // Spread the first messages of many vehicles over the first period instead of one burst.
        var generator = SeededGenerator(seed: seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
        streamDue = streamIntervals.map { $0 * Double.random(in: 0..<1, using: &generator) }
        rng = generator
        outbox = Outbox(systemID: systemID, componentID: Self.componentID)
    }

    /// Position as latitude, longitude, altitude AMSL (true position, without GPS noise).
    public var position: SimGeoPoint { projection.geo(kinematics.position) }

    /// Empties the outbox after the engine sent it.
    public mutating func clearOutbox() { outbox.removeAll() }
}

/// Progress inside the current mission item.
enum ItemPhase: Sendable, Hashable {
    case start
    case climbing(anchor: NED)
    case cruising
    case holding(until: Double)
    /// NAV_DELAY: waiting where the vehicle is (on the ground if landed).
    case waiting(until: Double)
    case descending(anchor: NED)
}

/// Progress of a return to launch.
enum ReturnPhase: Sendable, Hashable {
    case climb, cruise, descend
}
