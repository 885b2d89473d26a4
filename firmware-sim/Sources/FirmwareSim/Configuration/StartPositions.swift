import Foundation
import SeededRandom

/// Where vehicles start: from a JSON file, or scattered around a point.
public enum StartPositions {
    /// Why a start-position file could not be used.
    public enum LoadError: Error, Sendable, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case malformed(path: String, reason: String)
        case invalidPosition(path: String, index: Int)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
            case .malformed(let path, let reason): "\(path) is not a start-position file: \(reason)"
            case .invalidPosition(let path, let index): "\(path): vehicle \(index) has an invalid latitude/longitude"
            }
        }
    }

    /// The file format: `{"vehicles": [{"lat": 47.39, "lon": 8.54, "alt": 488, "autopilot": "ardupilot"}, ...]}`
    /// (alt optional, m AMSL; autopilot optional, `px4` or `ardupilot`, else the run's `--autopilot`).
    struct File: Decodable {
        struct Position: Decodable {
            var lat: Double
            var lon: Double
            var alt: Double?
            var autopilot: AutopilotFamily?
        }
        var vehicles: [Position]
    }

    /// Reads a start-position file.
    public static func load(path: String) throws(LoadError) -> [SimGeoPoint] {
        try loadFleet(path: path).homes
    }

    /// Reads a start-position file: each vehicle's home and, where the file names one, its autopilot.
    public static func loadFleet(path: String) throws(LoadError) -> (
        homes: [SimGeoPoint], autopilots: [Int: AutopilotFamily]
    ) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw .malformed(path: path, reason: "\(error)")
        }
        let homes = try file.vehicles.enumerated().map { (i, p) throws(LoadError) in
            guard (-90...90).contains(p.lat), (-180...180).contains(p.lon), p.alt?.isFinite ?? true else {
                throw .invalidPosition(path: path, index: i)
            }
            return SimGeoPoint(latitude: p.lat, longitude: p.lon, altitude: p.alt ?? 0)
        }
        var autopilots: [Int: AutopilotFamily] = [:]
        for (i, vehicle) in file.vehicles.enumerated() { autopilots[i] = vehicle.autopilot }
        return (homes, autopilots)
    }

    /// `count` positions spread uniformly over a disc of `radius` metres around `center`; the first
    /// vehicle sits at the centre. Seeded, so the same seed gives the same fleet.
    public static func around(_ center: SimGeoPoint, count: Int, radius: Double, seed: UInt64) -> [SimGeoPoint] {
        var rng = SeededGenerator(seed: seed)
        let projection = LocalProjection(origin: center)
        return (0..<max(0, count)).map { i in
            guard i > 0, radius > 0 else { return center }
            let r = radius * Double.random(in: 0...1, using: &rng).squareRoot()
            let angle = Double.random(in: 0..<(2 * .pi), using: &rng)
            return projection.geo(NED(north: r * cos(angle), east: r * sin(angle)))
        }
    }
}
