/// The fences a drone uploads to its autopilot so that the flight controller enforces them even if the
/// companion computer dies: the service area as an inclusion polygon and every no-fly zone as an
/// exclusion polygon or circle (MAVLink `MAV_MISSION_TYPE_FENCE`).
public struct Airspace: Codable, Hashable, Sendable {
    /// Where the drone may fly; nil when ground has no service area.
    public var inclusion: Geofence?
    public var exclusions: [ExclusionZone]

    public init(inclusion: Geofence? = nil, exclusions: [ExclusionZone] = []) {
        self.inclusion = inclusion
        self.exclusions = exclusions
    }

    public func validate(at path: String) throws(ProtocolError) {
        for (index, zone) in exclusions.enumerated() {
            try zone.validate(at: CodingPath.join(path, "exclusions[\(index)]"))
        }
    }
}

/// One no-fly zone as the autopilot sees it: exactly one of `vertices` (a polygon) or `center` with
/// `radiusM` (a circle).
public struct ExclusionZone: Codable, Hashable, Sendable {
    /// Ground's zone id, reported back in a `geofenceBreach` alarm.
    public var zoneID: String
    public var vertices: [GeoPoint]?
    public var center: GeoPoint?
    public var radiusM: Double?

    public init(zoneID: String, vertices: [GeoPoint]) {
        self.zoneID = zoneID
        self.vertices = vertices
    }

    public init(zoneID: String, center: GeoPoint, radiusM: Double) {
        self.zoneID = zoneID
        self.center = center
        self.radiusM = radiusM
    }

    public func validate(at path: String) throws(ProtocolError) {
        try Check.identifier(zoneID, CodingPath.join(path, "zoneId"))
        switch (vertices, center, radiusM) {
        case let (vertices?, nil, nil):
            guard vertices.count >= 3 else {
                throw .invalidValue(
                    path: CodingPath.join(path, "vertices"), reason: "a polygon needs at least 3 vertices")
            }
            for (index, vertex) in vertices.enumerated() {
                try vertex.validate(at: CodingPath.join(path, "vertices[\(index)]"))
            }
        case let (nil, center?, radiusM?):
            try center.validate(at: CodingPath.join(path, "center"))
            try Check.positive(radiusM, CodingPath.join(path, "radiusM"))
        default:
            throw .invalidValue(path: path, reason: "give either vertices or center with radiusM")
        }
    }

    enum CodingKeys: String, CodingKey {
        case zoneID = "zoneId"
        case vertices, center, radiusM
    }
}
