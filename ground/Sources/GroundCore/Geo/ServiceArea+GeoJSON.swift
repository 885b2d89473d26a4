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
    /// [lon, lat] as GeoJSON specifies). The outer rings are the area; their holes are permanent no-fly
    /// zones, and so is every `Feature` whose `properties.kind` is `"no-fly"` (optional `properties.id`,
    /// `name`, `floorM`, `ceilingM`).
    package init(geoJSON data: Data) throws(ServiceAreaError) {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw ServiceAreaError(path: "$", message: "not JSON: \(error.localizedDescription)")
        }
        var parsed = Parsed()
        try Self.collect(object, path: "$", into: &parsed)
        self.init(polygons: parsed.polygons, zones: parsed.zones)
        if polygons.isEmpty { throw ServiceAreaError(path: "$", message: "no polygon found") }
        for zone in zones {
            do { try zone.validate() } catch {
                throw ServiceAreaError(path: "zone \(zone.id).\(error.field)", message: error.message)
            }
        }
    }

    private struct Parsed {
        var polygons: [Geofence] = []
        var zones: [NoFlyZone] = []
    }

    private static func collect(_ object: Any, path: String, into parsed: inout Parsed) throws(ServiceAreaError) {
        guard let dict = object as? [String: Any], let type = dict["type"] as? String else {
            throw ServiceAreaError(path: path, message: "expected a GeoJSON object with a type")
        }
        if type == "FeatureCollection" {
            guard let features = dict["features"] as? [Any] else {
                throw ServiceAreaError(path: path + ".features", message: "expected an array")
            }
            for (i, f) in features.enumerated() { try collect(f, path: "\(path).features[\(i)]", into: &parsed) }
            return
        }
        if type == "Feature", let properties = dict["properties"] as? [String: Any],
            properties["kind"] as? String == "no-fly"
        {
            try zoneFeature(dict, properties: properties, path: path, into: &parsed)
            return
        }
        for rings in try polygonRings(object, path: path) {
            parsed.polygons.append(rings.outer)
            for (hole, ring) in rings.holes.enumerated() {
                parsed.zones.append(
                    NoFlyZone(
                        id: "hole-\(parsed.polygons.count - 1)-\(hole + 1)", polygon: ring, origin: .serviceAreaHole))
            }
        }
    }

    private static func zoneFeature(
        _ dict: [String: Any], properties: [String: Any], path: String, into parsed: inout Parsed
    ) throws(ServiceAreaError) {
        guard let geometry = dict["geometry"] else {
            throw ServiceAreaError(path: path + ".geometry", message: "missing")
        }
        func altitude(_ key: String) throws(ServiceAreaError) -> Double? {
            guard let value = properties[key] else { return nil }
            guard let number = value as? NSNumber else {
                throw ServiceAreaError(path: "\(path).properties.\(key)", message: "expected metres")
            }
            return number.doubleValue
        }
        let floorM = try altitude("floorM"), ceilingM = try altitude("ceilingM")
        let baseID = (properties["id"] as? String) ?? "zone-\(parsed.zones.count + 1)"
        let polygons = try polygonRings(geometry, path: path + ".geometry")
        for (index, rings) in polygons.enumerated() {
            parsed.zones.append(
                NoFlyZone(
                    id: polygons.count == 1 ? baseID : "\(baseID)-\(index + 1)", name: properties["name"] as? String,
                    polygon: rings.outer, floorM: floorM, ceilingM: ceilingM, origin: .permanent))
        }
    }

    /// Outer ring and holes of every polygon in a geometry (or a plain feature).
    private static func polygonRings(_ object: Any, path: String) throws(ServiceAreaError)
        -> [(outer: Geofence, holes: [Geofence])]
    {
        guard let dict = object as? [String: Any], let type = dict["type"] as? String else {
            throw ServiceAreaError(path: path, message: "expected a GeoJSON object with a type")
        }
        func rings(_ value: Any?, path: String) throws(ServiceAreaError) -> (outer: Geofence, holes: [Geofence]) {
            guard let rings = value as? [Any], let outer = rings.first else {
                throw ServiceAreaError(path: path, message: "expected rings")
            }
            var holes: [Geofence] = []
            for (i, hole) in rings.enumerated().dropFirst() { holes.append(try ring(hole, path: "\(path)[\(i)]")) }
            return (try ring(outer, path: path + "[0]"), holes)
        }
        switch type {
        case "Feature":
            guard let geometry = dict["geometry"] else {
                throw ServiceAreaError(path: path + ".geometry", message: "missing")
            }
            return try polygonRings(geometry, path: path + ".geometry")
        case "Polygon":
            return [try rings(dict["coordinates"], path: path + ".coordinates")]
        case "MultiPolygon":
            guard let polys = dict["coordinates"] as? [Any] else {
                throw ServiceAreaError(path: path + ".coordinates", message: "expected polygons")
            }
            var result: [(outer: Geofence, holes: [Geofence])] = []
            for (i, p) in polys.enumerated() { result.append(try rings(p, path: "\(path).coordinates[\(i)]")) }
            return result
        default:
            throw ServiceAreaError(path: path + ".type", message: "unsupported type \(type)")
        }
    }

    /// Loads a GeoJSON file from disk.
    package init(contentsOf url: URL) throws(ServiceAreaError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ServiceAreaError(path: url.path, message: "unreadable: \(error.localizedDescription)")
        }
        try self.init(geoJSON: data)
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
