/// A depot with landing pads where a landed, disarmed vehicle charges or has its pack swapped.
///
/// The wire names are those of the depots file shared with ground's planner (`depotId`, `lat`, `lon`,
/// `pads`, `chargePowerW`, `swapSeconds`, `mode`).
public struct Depot: Sendable, Hashable {
    public var depotID: String
    /// Pad position (altitude is not used: "at the depot" is a horizontal distance).
    public var latitude: Double
    public var longitude: Double
    /// Vehicles that can charge or swap at once; more wait on the apron.
    public var pads: Int
    /// Charger power at the pad, W, before the constant-voltage taper.
    public var chargePowerW: Double
    /// Simulated seconds a pack swap takes.
    public var swapSeconds: Double
    public var mode: DepotMode

    /// A vehicle counts as at the depot within this horizontal distance of its position, m.
    public static let siteRadius = 15.0

    public init(
        depotID: String, latitude: Double, longitude: Double, pads: Int, chargePowerW: Double, swapSeconds: Double,
        mode: DepotMode
    ) {
        self.depotID = depotID
        self.latitude = latitude
        self.longitude = longitude
        self.pads = pads
        self.chargePowerW = chargePowerW
        self.swapSeconds = swapSeconds
        self.mode = mode
    }

    public var position: SimGeoPoint { SimGeoPoint(latitude: latitude, longitude: longitude, altitude: 0) }
}
