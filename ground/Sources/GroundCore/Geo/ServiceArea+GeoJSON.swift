import FleetProtocol
import Foundation

/// A service-area file that is not usable GeoJSON, with the JSON path of the problem.
package struct ServiceAreaError: Error, Sendable, CustomStringConvertible {
    package let path: String
    package let message: String
    package var description: String { "service area \(path): \(message)" }
}

extension ServiceArea {
    /// Reads a GeoJSON `Polygon`, `MultiPolygon`, `Feature` or `FeatureCollection` (coordinates are
    /// [lon, lat] as GeoJSON specifies; holes are ignored: the area is the outer rings).
    package init(geoJSON data: Data) throws(ServiceAreaError) {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw ServiceAreaError(path: "$", message: "not JSON: \(error.localizedDescription)")
        }
        self.init(polygons: try Self.polygons(object, path: "$"))
        if polygons.isEmpty { throw ServiceAreaError(path: "$", message: "no polygon found") }
    }

    /// Loads a GeoJSON file from disk.
    package init(contentsOf url: URL) throws(ServiceAreaError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ServiceAreaError(path: url.path, message: "unreadable: \(error.localizedDescription)")
        }
        try self.init(geoJSON: data)
    }

    private static func polygons(_ object: Any, path: String) throws(ServiceAreaError) -> [Geofence] {
        guard let dict = object as? [String: Any], let type = dict["type"] as? String else {
            throw ServiceAreaError(path: path, message: "expected a GeoJSON object with a type")
        }
        switch type {
        case "FeatureCollection":
            guard let features = dict["features"] as? [Any] else {
                throw ServiceAreaError(path: path + ".features", message: "expected an array")
            }
            var result: [Geofence] = []
            for (i, f) in features.enumerated() { result += try polygons(f, path: "\(path).features[\(i)]") }
            return result
        case "Feature":
            guard let geometry = dict["geometry"] else {
                throw ServiceAreaError(path: path + ".geometry", message: "missing")
            }
            return try polygons(geometry, path: path + ".geometry")
        case "Polygon":
            guard let rings = dict["coordinates"] as? [Any], let outer = rings.first else {
                throw ServiceAreaError(path: path + ".coordinates", message: "expected rings")
            }
            return [try ring(outer, path: path + ".coordinates[0]")]
        case "MultiPolygon":
            guard let polys = dict["coordinates"] as? [Any] else {
                throw ServiceAreaError(path: path + ".coordinates", message: "expected polygons")
            }
            var result: [Geofence] = []
            for (i, p) in polys.enumerated() {
                guard let rings = p as? [Any], let outer = rings.first else {
                    throw ServiceAreaError(path: "\(path).coordinates[\(i)]", message: "expected rings")
                }
                result.append(try ring(outer, path: "\(path).coordinates[\(i)][0]"))
            }
            return result
        default:
            throw ServiceAreaError(path: path + ".type", message: "unsupported type \(type)")
        }
    }

    private static func ring(_ object: Any, path: String) throws(ServiceAreaError) -> Geofence {
        guard let points = object as? [Any], points.count >= 3 else {
            throw ServiceAreaError(path: path, message: "a ring needs at least 3 positions")
        }
        var ring: [GeoPoint] = []
        for (i, p) in points.enumerated() {
            guard let pair = p as? [Any], pair.count >= 2,
                let lon = (pair[0] as? NSNumber)?.doubleValue, let lat = (pair[1] as? NSNumber)?.doubleValue
            else {
                throw ServiceAreaError(path: "\(path)[\(i)]", message: "expected [lon, lat]")
            }
            let c = GeoPoint(lat: lat, lon: lon)
            do { try c.validate(at: "\(path)[\(i)]") } catch {
                throw ServiceAreaError(path: "\(path)[\(i)]", message: "out of range: \(error)")
            }
            ring.append(c)
        }
        // GeoJSON repeats the first position to close a ring; Geofence closes it implicitly.
        if ring.count > 3, ring.first == ring.last { ring.removeLast() }
        do { return try Geofence(vertices: ring) } catch {
            throw ServiceAreaError(path: path, message: "\(error)")
        }
    }
}
