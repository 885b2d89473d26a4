/// A vector in the local North-East-Down frame, metres or m/s.
public struct NED: Sendable, Hashable, Codable {
    public var north: Double
    public var east: Double
    public var down: Double

    public init(north: Double = 0, east: Double = 0, down: Double = 0) {
        self.north = north
        self.east = east
        self.down = down
    }

    public static let zero = NED()

    /// Length of the horizontal part.
    public var horizontalLength: Double { (north * north + east * east).squareRoot() }

    public static func + (a: NED, b: NED) -> NED {
        NED(north: a.north + b.north, east: a.east + b.east, down: a.down + b.down)
    }
    public static func - (a: NED, b: NED) -> NED {
        NED(north: a.north - b.north, east: a.east - b.east, down: a.down - b.down)
    }
    public static func * (a: NED, k: Double) -> NED { NED(north: a.north * k, east: a.east * k, down: a.down * k) }
}
