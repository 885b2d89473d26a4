import FleetProtocol
import Foundation
import Testing

@Suite("Geo")
struct GeoTests {
    @Test func haversineKnownDistance() {
        // Zurich HB to Bern Bahnhof: ~95.5 km great circle.
        let zurich = GeoPoint(lat: 47.3779, lon: 8.5403), bern = GeoPoint(lat: 46.9490, lon: 7.4395)
        #expect(abs(zurich.distance(to: bern) - 95_500) < 1_500)
        #expect(zurich.distance(to: zurich) == 0)
        // One degree of latitude is ~111.2 km on the mean sphere.
        #expect(abs(GeoPoint(lat: 0, lon: 0).distance(to: GeoPoint(lat: 1, lon: 0)) - 111_195) < 10)
    }

    @Test func bearingsAndDestination() {
        let origin = GeoPoint(lat: 47, lon: 8)
        #expect(abs(origin.initialBearing(to: GeoPoint(lat: 48, lon: 8)) - 0) < 1e-9)
        #expect(abs(origin.initialBearing(to: GeoPoint(lat: 47, lon: 9)) - 90) < 0.5)
        #expect(abs(origin.initialBearing(to: GeoPoint(lat: 46, lon: 8)) - 180) < 1e-9)
        #expect(abs(origin.initialBearing(to: GeoPoint(lat: 47, lon: 7)) - 270) < 0.5)
        for bearing in stride(from: 0.0, to: 360, by: 45) {
            let target = origin.destination(distanceM: 5_000, bearingDeg: bearing)
            #expect(abs(origin.distance(to: target) - 5_000) < 0.01)
            let back = origin.initialBearing(to: target)
            let diff = abs(back - bearing).truncatingRemainder(dividingBy: 360)
            #expect(min(diff, 360 - diff) < 1e-6)
        }
    }

    /// A "U" (concave) polygon: two arms at lon 0...1 and 2...3, joined by a base at lat 0...1.
    static func uShape() throws -> Geofence {
        try Geofence(vertices: [
            GeoPoint(lat: 0, lon: 0), GeoPoint(lat: 0, lon: 3), GeoPoint(lat: 3, lon: 3), GeoPoint(lat: 3, lon: 2),
            GeoPoint(lat: 1, lon: 2), GeoPoint(lat: 1, lon: 1), GeoPoint(lat: 3, lon: 1), GeoPoint(lat: 3, lon: 0),
        ])
    }

    @Test func concaveContains() throws {
        let fence = try Self.uShape()
        #expect(fence.contains(GeoPoint(lat: 2, lon: 0.5))) // left arm
        #expect(fence.contains(GeoPoint(lat: 2, lon: 2.5))) // right arm
        #expect(fence.contains(GeoPoint(lat: 0.5, lon: 1.5))) // base
        #expect(!fence.contains(GeoPoint(lat: 2, lon: 1.5))) // the notch
        #expect(!fence.contains(GeoPoint(lat: -0.1, lon: 1)))
        #expect(!fence.contains(GeoPoint(lat: 2, lon: 3.5)))
        #expect(fence.contains(GeoPoint(lat: 0, lon: 1.5))) // on an edge
        #expect(fence.contains(GeoPoint(lat: 3, lon: 3))) // on a vertex
    }

    @Test func segmentLeavingAndReentering() throws {
        let fence = try Self.uShape()
        // Both ends inside (one per arm) but the leg crosses the notch.
        #expect(!fence.containsSegment(GeoPoint(lat: 2, lon: 0.5), GeoPoint(lat: 2, lon: 2.5)))
        // Same arms, routed through the base: inside.
        #expect(fence.containsSegment(GeoPoint(lat: 0.5, lon: 0.5), GeoPoint(lat: 0.5, lon: 2.5)))
        // Within one arm.
        #expect(fence.containsSegment(GeoPoint(lat: 0.5, lon: 0.5), GeoPoint(lat: 2.5, lon: 0.5)))
        // End outside.
        #expect(!fence.containsSegment(GeoPoint(lat: 0.5, lon: 0.5), GeoPoint(lat: 4, lon: 0.5)))
        // Running along the notch's bottom edge stays on the boundary: inside.
        #expect(fence.containsSegment(GeoPoint(lat: 1, lon: 0.5), GeoPoint(lat: 1, lon: 2.5)))
        // Leaving through the notch's top vertices without properly crossing any edge: outside.
        #expect(!fence.containsSegment(GeoPoint(lat: 3, lon: 0.5), GeoPoint(lat: 3, lon: 2.5)))
    }

    @Test func geofenceNeedsThreeValidVertices() {
        #expect(throws: ProtocolError.self) {
            try Geofence(vertices: [GeoPoint(lat: 0, lon: 0), GeoPoint(lat: 1, lon: 1)])
        }
        #expect(throws: ProtocolError.invalidValue(path: "vertices[1].lat", reason: "95.0 outside -90.0...90.0")) {
            try Geofence(vertices: [GeoPoint(lat: 0, lon: 0), GeoPoint(lat: 95, lon: 1), GeoPoint(lat: 1, lon: 0)])
        }
    }
}

@Suite("Geo decoding")
struct GeoDecodingTests {
    @Test func geofenceDecodingValidates() throws {
        let decoder = JSONDecoder()
        let good = #"{"vertices":[{"lat":0,"lon":0},{"lat":0,"lon":1},{"lat":1,"lon":1}]}"#
        let fence = try decoder.decode(Geofence.self, from: Data(good.utf8))
        #expect(fence.contains(GeoPoint(lat: 0.2, lon: 0.5)))
        let bad = #"{"vertices":[{"lat":0,"lon":0},{"lat":0,"lon":1},{"lat":1,"lon":190}]}"#
        #expect(throws: ProtocolError.invalidValue(path: "vertices[2].lon", reason: "190.0 outside -180.0...180.0")) {
            try decoder.decode(Geofence.self, from: Data(bad.utf8))
        }
    }
}
