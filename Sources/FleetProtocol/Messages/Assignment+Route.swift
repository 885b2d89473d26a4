extension Assignment {
    /// The path ground planned around no-fly zones: the intermediate waypoints of each leg, endpoints
    /// excluded. An empty leg is flown straight.
    public struct Route: Codable, Hashable, Sendable {
        /// Home (or wherever the drone is) → pickup.
        public var toPickup: [GeoPoint]
        /// Pickup → dropoff.
        public var toDropoff: [GeoPoint]
        /// Dropoff → home.
        public var toHome: [GeoPoint]

        public init(toPickup: [GeoPoint] = [], toDropoff: [GeoPoint] = [], toHome: [GeoPoint] = []) {
            self.toPickup = toPickup
            self.toDropoff = toDropoff
            self.toHome = toHome
        }

        /// Whether every leg is straight.
        public var isStraight: Bool { toPickup.isEmpty && toDropoff.isEmpty && toHome.isEmpty }

        /// Mission item budgets are small on real autopilots; a route needing more is a planning error.
        public static let maximumWaypointsPerLeg = 64

        public func validate(at path: String) throws(ProtocolError) {
            for (name, leg) in [("toPickup", toPickup), ("toDropoff", toDropoff), ("toHome", toHome)] {
                let legPath = CodingPath.join(path, name)
                guard leg.count <= Self.maximumWaypointsPerLeg else {
                    throw .invalidValue(path: legPath, reason: "more than \(Self.maximumWaypointsPerLeg) waypoints")
                }
                for (index, point) in leg.enumerated() { try point.validate(at: "\(legPath)[\(index)]") }
            }
        }
    }
}
