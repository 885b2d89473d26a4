/// Where a simulated vehicle listens.
public struct VehicleEndpoint: Sendable, Hashable {
    public let index: Int
    public let systemID: UInt8
    public let host: String
    public let port: Int
    /// The ground station's MAVLink instance, when `gcsBasePort` is set.
    public let gcsPort: Int?
    public let home: SimGeoPoint

    public init(index: Int, systemID: UInt8, host: String, port: Int, gcsPort: Int? = nil, home: SimGeoPoint) {
        self.index = index
        self.systemID = systemID
        self.host = host
        self.port = port
        self.gcsPort = gcsPort
        self.home = home
    }
}
