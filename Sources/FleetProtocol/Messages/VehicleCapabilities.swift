/// What a drone can do, as advertised in its retained ``DroneState``.
public struct VehicleCapabilities: Codable, Hashable, Sendable {
    public var maxPayloadKg: Double
    public var cruiseSpeedMps: Double
    /// Still-air range at cruise with a full battery and no reserve, metres.
    public var maxRangeM: Double
    /// The whole performance and energy model the agent checks assignments with (battery capacity,
    /// powers, reserve, ...), so ground schedules with exactly the same numbers. Optional: an agent that
    /// leaves it out is scheduled with ``VehicleProfile/default`` adjusted to the summary fields above.
    public var profile: VehicleProfile?

    public init(maxPayloadKg: Double, cruiseSpeedMps: Double, maxRangeM: Double, profile: VehicleProfile? = nil) {
        self.maxPayloadKg = maxPayloadKg
        self.cruiseSpeedMps = cruiseSpeedMps
        self.maxRangeM = maxRangeM
        self.profile = profile
    }

    /// The energy model to plan this vehicle with: its advertised profile (or the default airframe without
    /// one), with the summary's payload limit and cruise speed, which are authoritative where they differ.
    public var planningProfile: VehicleProfile {
        var planned = profile ?? VehicleProfile.default
        planned.maxPayloadKg = maxPayloadKg
        planned.cruiseSpeedMps = cruiseSpeedMps
        return planned
    }

    public func validate(at path: String) throws(ProtocolError) {
        try Check.nonNegative(maxPayloadKg, CodingPath.join(path, "maxPayloadKg"))
        try Check.positive(cruiseSpeedMps, CodingPath.join(path, "cruiseSpeedMps"))
        try Check.nonNegative(maxRangeM, CodingPath.join(path, "maxRangeM"))
        try profile?.validate(at: CodingPath.join(path, "profile"))
    }
}
