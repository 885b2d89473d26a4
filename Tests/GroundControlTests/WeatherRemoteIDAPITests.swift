import FleetProtocol
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP

/// `POST/GET/DELETE /v1/weather-holds` and `GET /v1/remote-id`, with the fleet fed real telemetry.
@Suite("Weather holds and Remote ID API")
struct WeatherRemoteIDAPITests {
    static func sample(_ drone: String, landed: Telemetry.LandedState, gust: Double, battery: Double = 80) throws
        -> Telemetry
    {
        Telemetry(
            droneID: try DroneID(drone), seq: 1, timeMs: Int64(Date().timeIntervalSince1970 * 1000),
            position: .init(lat: 47.4, lon: 8.5, altAmslM: 520, altRelM: 60),
            velocity: .init(northMps: 6, eastMps: 8, downMps: -1), headingDeg: 53,
            battery: .init(percent: battery, voltageV: 23), flightMode: "mission", armed: landed != .onGround,
            landedState: landed, gps: .init(fixType: 3, satellites: 12), assignmentID: nil,
            wind: .init(northMps: 3, eastMps: -4, gustMps: gust))
    }

    @Test func weatherHoldsAddListDeleteAndRefuseBadInput() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        await h.api.fleet.apply(telemetry: [try Self.sample("drone-1", landed: .inAir, gust: 14)], deliveries: [:])
        let op = APIHarness.auth(APIHarness.operatorKey)
        try await h.app().test(.router) { client in
            let area: [[String: Double]] = [
                ["lat": 47.3, "lon": 8.4], ["lat": 47.3, "lon": 8.6], ["lat": 47.5, "lon": 8.6],
            ]
            try await client.execute(
                uri: "/v1/weather-holds", method: .post, headers: op,
                body: APIHarness.json(["id": "gusts-12", "area": area, "maxGustMps": 12])
            ) { response in
                #expect(response.status == .created)
                let hold = APIHarness.object(response)
                #expect(hold["active"] as? Bool == true)
                #expect((hold["holding"] as? String)?.contains("14.0") == true)
            }
            try await client.execute(uri: "/v1/weather-holds", method: .get, headers: op) { response in
                let holds = APIHarness.object(response)["holds"] as? [[String: Any]] ?? []
                #expect(holds.map { $0["id"] as? String } == ["gusts-12"])
            }
            let bad: [(body: [String: Any], field: String)] = [
                (["id": "x"], "maxWindMps"),
                (["maxWindMps": 0], "maxWindMps"),
                (["maxGustMps": 500], "maxGustMps"),
                (["maxWindMps": 10, "until": "2001-01-01T00:00:00Z"], "until"),
                (["maxWindMps": 10, "area": Array(area.prefix(2))], "area"),
                (
                    [
                        "maxWindMps": 10,
                        "area": [
                            ["lat": 47.3, "lon": 8.4], ["lat": 47.5, "lon": 8.6], ["lat": 47.3, "lon": 8.6],
                            ["lat": 47.5, "lon": 8.4],
                        ],
                    ],
                    "area"
                ),
            ]
            for (body, field) in bad {
                try await client.execute(
                    uri: "/v1/weather-holds", method: .post, headers: op, body: APIHarness.json(body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(APIHarness.errorField(response) == field, "\(body)")
                }
            }
            try await client.execute(uri: "/v1/weather-holds/gusts-12", method: .delete, headers: op) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/weather-holds/gusts-12", method: .delete, headers: op) { response in
                #expect(response.status == .notFound)
            }
        }
        #expect(try await h.store.weatherHolds().isEmpty)
    }

    @Test func remoteIDListsAirborneDronesWithF3411Fields() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        var api = h.api
        api.remoteIDOperator = RemoteIDOperator(operatorID: "CHEop1234", lat: 47.38, lon: 8.54)
        await api.fleet.apply(
            telemetry: [
                try Self.sample("drone-1", landed: .inAir, gust: 2),
                try Self.sample("drone-2", landed: .onGround, gust: 2),
                try Self.sample("drone-3", landed: .inAir, gust: 2, battery: 9),
            ], deliveries: [:])
        let op = APIHarness.auth(APIHarness.operatorKey)
        try await Application(router: api.makeRouter()).test(.router) { client in
            try await client.execute(uri: "/v1/remote-id", method: .get, headers: op) { response in
                #expect(response.status == .ok)
                let aircraft = APIHarness.object(response)["aircraft"] as? [[String: Any]] ?? []
                #expect(aircraft.map { $0["uasId"] as? String } == ["drone-1", "drone-3"])
                let first = try #require(aircraft.first)
                #expect(first["operationalStatus"] as? String == "Airborne")
                #expect(aircraft.last?["operationalStatus"] as? String == "Emergency")
                let position = first["position"] as? [String: Double] ?? [:]
                #expect(position["lat"] == 47.4 && position["lng"] == 8.5 && position["alt"] == 520)
                #expect((first["height"] as? [String: Any])?["distance"] as? Double == 60)
                #expect(first["track"] as? Double == 53)
                #expect(first["speed"] as? Double == 10)
                #expect(first["verticalSpeed"] as? Double == 1)
                #expect(first["operatorId"] as? String == "CHEop1234")
                #expect((first["operatorLocation"] as? [String: Double])?["lat"] == 47.38)
                #expect(first["timestamp"] is String)
            }
            let business = try await APIHarness.register(client, name: "shop")
            try await client.execute(uri: "/v1/remote-id", method: .get, headers: APIHarness.auth(business)) {
                response in
                #expect(response.status == .forbidden)
            }
        }
    }
}
