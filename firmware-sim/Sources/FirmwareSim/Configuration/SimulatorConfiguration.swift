import MAVLink

/// Everything a simulation run needs; the `firmware-sim` CLI builds one from its flags.
public struct SimulatorConfiguration: Sendable, Hashable {
    /// Home (start) position of each vehicle; the count of vehicles is `homes.count`.
    public var homes: [SimGeoPoint]
    /// Vehicle i binds `bindHost:(basePort + i)`; 0 lets the system pick a free port per vehicle.
    public var basePort: Int = 14580
    public var bindHost: String = "127.0.0.1"
    /// Until a peer has talked to vehicle i, it sends to `remoteHost:(remoteBasePort + i)`; nil sends
    /// nothing until a peer talks first. Afterwards it answers the first peer that sent a valid frame,
    /// until that peer has been silent for `peerSilenceSeconds` (see `VehiclePeer`).
    public var remoteBasePort: Int?
    public var remoteHost: String = "127.0.0.1"
    /// With a value, vehicle i has a second MAVLink instance for a ground station on
    /// `bindHost:(gcsBasePort + i)` (0: any free port), as PX4 SITL's GCS link on 18570+i: its own
    /// learned peer and signing state, answers on the link a message came in on, streams on both.
    public var gcsBasePort: Int?
    /// Until a ground station talks, each GCS instance sends to `remoteHost:gcsRemotePort` (PX4 SITL:
    /// 14550 for every instance, where QGroundControl listens); nil waits for a ground station.
    public var gcsRemotePort: Int?
    /// Wall seconds a learned peer must be silent before another sender takes the stream over.
    public var peerSilenceSeconds: Double = 3
    /// With a key every vehicle signs what it sends and refuses frames that are unsigned or badly
    /// signed, except the ids PX4 accepts unsigned (`MAVLinkSignatureVerifier.px4UnsignedMessages`).
    public var signingKey: MAVLinkSigningKey?
    /// System id of vehicle 0; vehicle i has `firstSystemID + i`. MAVLink ids are 8 bits, so past 255
    /// they wrap around (1...255): vehicles still differ by port, which is what a link sees.
    public var firstSystemID: Int = 1

    /// System id of vehicle `index`.
    public func systemID(of index: Int) -> UInt8 {
        UInt8((firstSystemID - 1 + index) % 255 + 1)
    }
    /// Simulated seconds per wall second.
    public var speed: Double = 1
    /// Seed of every random choice (GPS noise, message loss, stream phases).
    public var seed: UInt64 = 1
    public var gpsNoise: Double = 0.5
    public var wind: NED = .zero
    /// Gust amplitude around the mean wind, m/s.
    public var gust: Double = 0
    public var profile = AirframeModel()
    /// The firmware every vehicle of this run imitates.
    public var personality = AutopilotPersonality()
    /// Vehicles that imitate another firmware family than `personality` (from the start-position file).
    public var autopilotOverrides: [Int: AutopilotFamily] = [:]

    /// The personality of vehicle `index`.
    public func personality(of index: Int) -> AutopilotPersonality {
        var p = personality
        if let family = autopilotOverrides[index] { p.family = family }
        return p
    }
    public var rates = StreamRates()
    /// Depots where landed, disarmed vehicles charge or have their packs swapped (`--depots-file`).
    public var depots: [Depot] = []
    /// With a directory every vehicle carries a MAVLink camera (component 100) that writes its photos
    /// there as PNG; nil: no camera.
    public var cameraDirectory: String?
    /// With a port (0: any free one) the cameras serve their photos over HTTP on `bindHost`, as a real
    /// MAVLink camera's web server does, and CAMERA_IMAGE_CAPTURED carries `http://` URLs; nil: `file://`.
    public var cameraHTTPPort: Int?
    /// Faults planned at start.
    public var faults: [ScheduledFault] = []
    /// UDP port on `bindHost` taking control lines (faults, status); nil for none, 0 for any free port.
    public var controlPort: Int?
    /// Fixed physics step, simulated seconds.
    public var physicsStep: Double = 0.02
    /// Wall time between engine ticks, seconds.
    public var tickInterval: Double = 0.02

    public init(homes: [SimGeoPoint]) {
        self.homes = homes
    }
}
