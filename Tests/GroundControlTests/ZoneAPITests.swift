import FleetProtocol
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP

/// `POST/GET/DELETE /v1/zones`: operator only, stored, every refusal a 400 naming its field.
@Suite("No-fly zone API")
struct ZoneAPITests {
    static func square(_ lat: Double, _ lon: Double, _ d: Double = 0.002) -> [[String: Double]] {
        [
            ["lat": lat, "lon": lon], ["lat": lat, "lon": lon + d], ["lat": lat + d, "lon": lon + d],
            ["lat": lat + d, "lon": lon],
        ]
    }

    @Test func addListDelete() async throws {
        let hole = try Geofence(vertices: [
            .init(lat: 47.30, lon: 8.50), .init(lat: 47.30, lon: 8.51), .init(lat: 47.31, lon: 8.51),
        ])
        let area = ServiceArea(
            polygons: [
                try Geofence(vertices: [
                    .init(lat: 47.0, lon: 8.0), .init(lat: 47.0, lon: 9.0), .init(lat: 48.0, lon: 9.0),
                    .init(lat: 48.0, lon: 8.0),
                ])
            ], zones: [NoFlyZone(id: "hole-0-1", polygon: hole, origin: .serviceAreaHole)])
        let h = try await APIHarness(serviceArea: area)
        defer { h.dir.remove() }
        let op = APIHarness.auth(APIHarness.operatorKey)
        try await h.app().test(.router) { client in
            let body: [String: Any] = [
                "id": "fire-7", "name": "Fire at the depot road", "vertices": Self.square(47.5, 8.5), "ceilingM": 150,
                "startsAt": "2026-01-01T10:00:00Z", "endsAt": "2099-01-01T10:00:00Z",
            ]
            try await client.execute(uri: "/v1/zones", method: .post, headers: op, body: APIHarness.json(body)) {
                response in
                #expect(response.status == .created)
                let zone = APIHarness.object(response)
                #expect(zone["id"] as? String == "fire-7")
                #expect(zone["origin"] as? String == "temporary")
                #expect(zone["active"] as? Bool == true)
                #expect((zone["vertices"] as? [Any])?.count == 4)
            }
            try await client.execute(uri: "/v1/zones", method: .post, headers: op, body: APIHarness.json(body)) {
                response in
                #expect(response.status == .conflict)
            }
            let business = try await APIHarness.register(client, name: "shop")
            try await client.execute(
                uri: "/v1/zones", method: .post, headers: APIHarness.auth(business), body: APIHarness.json(body)
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/zones", method: .get, headers: op) { response in
                #expect(response.status == .ok)
                let zones = APIHarness.object(response)["zones"] as? [[String: Any]] ?? []
                #expect(zones.map { $0["id"] as? String } == ["hole-0-1", "fire-7"])
                #expect(zones.map { $0["origin"] as? String } == ["serviceAreaHole", "temporary"])
            }
            #expect(try await h.store.noFlyZones().map(\.id) == ["fire-7"])
            try await client.execute(uri: "/v1/zones/hole-0-1", method: .delete, headers: op) { response in
                #expect(response.status == .conflict)
                #expect(APIHarness.errorCode(response) == "permanent_zone")
            }
            try await client.execute(uri: "/v1/zones/fire-7", method: .delete, headers: op) { response in
                #expect(response.status == .ok)
                #expect(APIHarness.object(response)["id"] as? String == "fire-7")
            }
            try await client.execute(uri: "/v1/zones/fire-7", method: .delete, headers: op) { response in
                #expect(response.status == .notFound)
            }
            #expect(try await h.store.noFlyZones().isEmpty)
        }
    }

    @Test func badZonesAreRefusedNamingTheField() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let op = APIHarness.auth(APIHarness.operatorKey)
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "shop")
            _ = try await APIHarness.book(client, key: key)
            let pickup = try #require(try await h.store.activeDeliveries().first?.pickup)
            let bowtie: [[String: Double]] = [
                ["lat": 47.5, "lon": 8.5], ["lat": 47.51, "lon": 8.51], ["lat": 47.5, "lon": 8.51],
                ["lat": 47.51, "lon": 8.5],
            ]
            let cases: [(body: [String: Any], field: String, code: String?)] = [
                (["vertices": bowtie], "vertices", "self_intersecting"),
                (["vertices": Array(Self.square(47.5, 8.5).prefix(2))], "vertices", nil),
                (
                    ["vertices": [["lat": 95, "lon": 8.5], ["lat": 47.5, "lon": 8.6], ["lat": 47.6, "lon": 8.6]]],
                    "vertices[0].lat", nil
                ),
                (["vertices": Self.square(47.5, 8.5), "floorM": 100, "ceilingM": 50], "ceilingM", "below_floor"),
                (["vertices": Self.square(47.5, 8.5), "floorM": -1], "floorM", nil),
                (
                    [
                        "vertices": Self.square(47.5, 8.5), "startsAt": "2030-01-02T00:00:00Z",
                        "endsAt": "2030-01-01T00:00:00Z",
                    ],
                    "endsAt", "before_start"
                ),
                (["vertices": Self.square(pickup.lat - 0.001, pickup.lon - 0.001)], "vertices", "covers_pickup"),
                (["vertices": Self.square(47.5, 8.5), "id": "a/b"], "id", nil),
                (["vertices": "nope"], "vertices", nil),
                (["vertices": Self.square(47.5, 8.5), "endsAt": "tomorrow"], "endsAt", nil),
            ]
            for (body, field, code) in cases {
                try await client.execute(uri: "/v1/zones", method: .post, headers: op, body: APIHarness.json(body)) {
                    response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(APIHarness.errorField(response) == field, "\(body)")
                    if let code { #expect(APIHarness.errorCode(response) == code, "\(body)") }
                }
            }
            #expect(try await h.store.noFlyZones().isEmpty)
        }
    }
}
