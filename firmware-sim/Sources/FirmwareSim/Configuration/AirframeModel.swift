/// The airframe the simulator flies: flight limits, battery and power draw of one simulated vehicle.
///
/// FleetProtocol's `VehicleProfile` describes a vehicle to the agent and ground on the wire; this is the
/// simulator's physical model, kept independent of the wire contract. The defaults are the canonical
/// "SR-Quad" delivery quadcopter, and `AirframeDefaultsTests` keeps them equal to `VehicleProfile.default`.
public struct AirframeModel: Sendable, Hashable, Codable {
    /// Horizontal cruise airspeed, m/s.
    public var cruiseSpeed: Double = 15
    /// Horizontal acceleration limit, m/s².
    public var horizontalAcceleration: Double = 3
    /// Maximum climb rate, m/s.
    public var climbRate: Double = 3
    /// Maximum descent rate, m/s.
    public var descentRate: Double = 2
    /// Default cruise / takeoff / return altitude above home, m.
    public var cruiseAltitude: Double = 60
    /// Heaviest payload the gripper accepts, kg.
    public var maxPayload: Double = 2.5
    /// Vehicle mass without payload, kg.
    public var emptyMass: Double = 6
    /// Battery capacity, Wh (6S pack).
    public var batteryCapacityWh: Double = 250
    /// Cells in series.
    public var batteryCells: Int = 6
    /// Cell voltage when full and when empty, V.
    public var cellVoltageFull: Double = 4.2
    public var cellVoltageEmpty: Double = 3.3
    /// Electrical power while hovering, W.
    public var hoverPower: Double = 700
    /// Electrical power in forward flight at cruise speed, W.
    public var cruisePower: Double = 600
    /// Extra power per kg of payload, W/kg.
    public var payloadPowerPerKg: Double = 60
    /// Extra power while climbing at full climb rate, W.
    public var climbPower: Double = 150
    /// Power with motors armed but idle on the ground, W.
    public var armedIdlePower: Double = 80
    /// Avionics draw, always on, W.
    public var avionicsPower: Double = 10
    /// Package mass loaded by DO_GRIPPER grab on the ground, kg.
    public var defaultPackageMass: Double = 1.0
    /// Waypoint acceptance radius (PX4 NAV_ACC_RAD), m.
    public var acceptanceRadius: Double = 2
    /// Seconds on the ground after touchdown before auto-disarm (PX4 COM_DISARM_LAND).
    public var disarmAfterLanding: Double = 2
    /// Battery failsafes: return at or below this fraction, land at or below the second.
    public var returnBatteryFraction: Double = 0.15
    public var landBatteryFraction: Double = 0.08
    /// Arming needs more than this fraction of charge.
    public var armBatteryFraction: Double = 0.10

    /// The canonical SR-Quad.
    public init() {}
}
