import FleetProtocol
import Foundation
import Testing

@testable import GroundCore

@Suite struct WeatherHoldTests {
    static let base = GeoPoint(lat: 47.0, lon: 8.0)
    static func p(_ east: Double, _ north: Double) -> GeoPoint { base.moved(east: east, north: north) }
    static let now = Date(timeIntervalSince1970: 2_000_000_000)

    static func reading(_ id: String, at point: GeoPoint, north: Double, gust: Double? = nil) -> WindReading {
        WindReading(droneID: id, position: point, wind: .init(northMps: north, eastMps: 0, gustMps: gust), at: now)
    }

    @Test func holdsOnlyWhereAndWhileTheMeasuredWindIsAboveTheLimit() throws {
        let west = try Geofence(vertices: [
            Self.p(-2000, -2000), Self.p(0, -2000), Self.p(0, 2000), Self.p(-2000, 2000),
        ])
        let gusts = WeatherHold(id: "gusts-12", area: west, maxGustMps: 12)
        let calm = Self.reading("a", at: Self.p(-1000, 0), north: 3, gust: 5)
        let gusty = Self.reading("b", at: Self.p(-1000, 0), north: 3, gust: 14)
        let gustyEast = Self.reading("c", at: Self.p(1000, 0), north: 3, gust: 20)

        #expect(
            WeatherGate(holds: [gusts], readings: [calm], now: Self.now).reason(
                pickup: Self.p(-500, 0), dropoff: Self.p(-800, 0)) == nil)
        let held = WeatherGate(holds: [gusts], readings: [calm, gusty], now: Self.now)
        let reason = try #require(held.reason(pickup: Self.p(-500, 0), dropoff: Self.p(500, 0)))
        #expect(reason.contains("gusts-12") && reason.contains("14.0") && reason.contains("b"))
        // Outside the held area: go, and a gust measured outside does not count for it.
        #expect(held.reason(pickup: Self.p(500, 0), dropoff: Self.p(800, 0)) == nil)
        #expect(
            WeatherGate(holds: [gusts], readings: [gustyEast], now: Self.now).reason(
                pickup: Self.p(-500, 0), dropoff: Self.p(-800, 0)) == nil)

        let everywhere = WeatherHold(id: "wind-10", maxWindMps: 10, until: Self.now.addingTimeInterval(60))
        let strong = Self.reading("d", at: Self.p(3000, 3000), north: 11)
        #expect(
            WeatherGate(holds: [everywhere], readings: [strong], now: Self.now).reason(
                pickup: Self.p(0, 0), dropoff: Self.p(1, 1)) != nil)
        // Lapsed: go.
        #expect(
            WeatherGate(holds: [everywhere], readings: [strong], now: Self.now.addingTimeInterval(61)).reason(
                pickup: Self.p(0, 0), dropoff: Self.p(1, 1)) == nil)
    }

    @Test func readingsComeFromFreshOnlineTelemetry() {
        let wind = Telemetry.Wind(northMps: 4, eastMps: 3, gustMps: 2)
        let fresh = DroneLiveState(
            droneID: "a", online: true, position: .init(lat: 47, lon: 8, alt: 500),
            lastSeen: Self.now.addingTimeInterval(-10))
        var withWind = fresh
        withWind.wind = wind
        var stale = withWind
        stale.droneID = "b"
        stale.lastSeen = Self.now.addingTimeInterval(-WindReading.lifetime - 1)
        var offline = withWind
        offline.droneID = "c"
        offline.online = false
        let readings = WindReading.current([fresh, withWind, stale, offline], now: Self.now)
        #expect(readings.map(\.droneID) == ["a"])
        #expect(readings.first?.wind.speedMps == 5)
    }

    @Test func validationNamesTheField() {
        func field(_ hold: WeatherHold) -> String? {
            do { try hold.validate(now: Self.now) } catch { return error.field }
            return nil
        }
        #expect(field(WeatherHold(id: "h")) == "maxWindMps")
        #expect(field(WeatherHold(id: "h", maxGustMps: -1)) == "maxGustMps")
        #expect(field(WeatherHold(id: "h", maxWindMps: 10, until: Self.now.addingTimeInterval(-1))) == "until")
        #expect(field(WeatherHold(id: "h", maxWindMps: 10)) == nil)
    }
}
