import FleetProtocol

/// A drone as the scheduler sees it in one round (a snapshot of live fleet state).
public struct AvailableDrone: Sendable, Hashable, Codable {
    public var id: String
    public var position: GeoPoint
    public var home: GeoPoint
    public var remainingWh: Double
    public var maxPayloadKg: Double
    public var online: Bool
    public var busy: Bool

    public init(id: String, position: GeoPoint, home: GeoPoint, remainingWh: Double,
                maxPayloadKg: Double, online: Bool = true, busy: Bool = false) {
        self.id = id
        self.position = position
        self.home = home
        self.remainingWh = remainingWh
        self.maxPayloadKg = maxPayloadKg
        self.online = online
        self.busy = busy
    }

    /// Convenience for a battery given in percent of `model`'s capacity.
    public init(id: String, position: GeoPoint, home: GeoPoint, batteryPercent: Double,
                model: FlightModel, online: Bool = true, busy: Bool = false) {
        self.init(id: id, position: position, home: home,
                  remainingWh: model.batteryCapacityWh * batteryPercent / 100,
                  maxPayloadKg: model.maxPayloadKg, online: online, busy: busy)
    }

    var isCandidate: Bool { online && !busy }
}
