/// What a drone can do, as advertised in its retained ``DroneState``.
public struct VehicleCapabilities: Codable, Hashable, Sendable {
    public var maxPayloadKg: Double
    public var cruiseSpeedMps: Double
    /// Still-air range at cruise with a full battery and no reserve, metres.
    public var maxRangeM: Double

    public init(maxPayloadKg: Double, cruiseSpeedMps: Double, maxRangeM: Double) {
        self.maxPayloadKg = maxPayloadKg
        self.cruiseSpeedMps = cruiseSpeedMps
        self.maxRangeM = maxRangeM
    }

    public func validate(at path: String) throws(ProtocolError) {
        try Check.nonNegative(maxPayloadKg, CodingPath.join(path, "maxPayloadKg"))
        try Check.positive(cruiseSpeedMps, CodingPath.join(path, "cruiseSpeedMps"))
        try Check.nonNegative(maxRangeM, CodingPath.join(path, "maxRangeM"))
    }
}
