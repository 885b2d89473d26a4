/// Where a simulated vehicle listens.
public struct VehicleEndpoint: Sendable, Hashable {
    public let index: Int
    public let systemID: UInt8
    public let host: String
    public let port: Int
    public let home: SimGeoPoint
}
