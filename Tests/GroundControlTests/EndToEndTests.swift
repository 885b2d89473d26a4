import FleetProtocol
import Foundation
import TestSupport
import Testing

/// The whole system end to end, every component a real process: a business books deliveries over
/// HTTP, ground control schedules them on drone agents flying firmware-sim vehicles over MQTT and
/// MAVLink, the customer tracks one over SSE, and all complete — also across a kill -9 of ground.
@Suite("End to end", .serialized, .timeLimit(TestPace.timeLimit(minutes: 4)))
struct EndToEndTests {
    static let home = EndToEndFleet.home

    /// Three routes, pickup → dropoff 600–900 m apart, within the agents' fence.
    static let routes: [(pickup: GeoPoint, dropoff: GeoPoint)] = [
        (home.moved(east: 0, north: 250), home.moved(east: 700, north: 250)),
        (home.moved(east: -250, north: 0), home.moved(east: -250, north: -800)),
        (home.moved(east: 200, north: -200), home.moved(east: 800, north: -800)),
    ]

    @Test("three deliveries are scheduled, tracked live and completed")
    func threeDeliveries() async throws {
        let fleet = try await EndToEndFleet.start(drones: 3, speed: 10, prefix: "e2e")
        do {
            try await run(fleet)
        } catch {
            Issue.record("\(error)\n\(fleet.diagnostics())")
        }
        await fleet.shutdown()
    }

    private func run(_ fleet: EndToEndFleet) async throws {
        let station = fleet.station
        let key = try await station.registerBusiness("End-to-end Deli")
        var ids: [String] = []
        for route in Self.routes {
            let booked = try await station.book(
                key: key, pickup: (route.pickup.lat, route.pickup.lon), dropoff: (route.dropoff.lat, route.dropoff.lon))
            #expect(booked.status == 201 || booked.status == 202, "\(booked)")
            if booked.status == 201 {
                #expect(
                    (booked.json["eta"] as? [String: Any])?["dropoff"] != nil, "a scheduled delivery comes with its ETA"
                )
            }
            ids.append(try #require(booked.json["id"] as? String))
        }
        let tracked = try await station.track(ids[0], key: key, name: "track-0.sse")
        for id in ids {
            try await station.waitForStatus(
                id, key: key, ["scheduled", "pickupInProgress", "inTransit", "delivered", "completed"],
                timeout: .seconds(30))
        }
        var drones = Set<String>()
        for id in ids { drones.insert(try await station.delivery(id, key: key)["droneId"] as? String ?? "") }
        #expect(drones == Set(fleet.droneIDs), "one delivery per drone")

        for id in ids {
            try await station.waitForStatus(id, key: key, ["completed"], timeout: .seconds(120))
        }
        for id in ids {
            let delivery = try await station.delivery(id, key: key)
            #expect((delivery["initialEta"] as? [String: Any])?["dropoff"] != nil)
            #expect((delivery["energyUsedWh"] as? Double ?? 0) > 0, "energy per delivery recorded: \(delivery)")
        }
        try await waitUntil("tracking stream closed", timeout: .seconds(10)) { await !tracked.isRunning }
        Self.checkTrack(GroundStation.events(in: tracked.log()))

        // The finished deliveries show in the analytics.
        let report = try await station.request("GET", "/v1/analytics", key: GroundStation.operatorKey).json
        #expect(report["deliveredCount"] as? Int == 3, "\(report)")
        #expect(report["meanDeliverySeconds"] as? Double != nil)
    }

    /// Positions move, the phase walks the lifecycle, and the remaining time to the dropoff
    /// (ETA minus sample time) mostly decreases while the drone flies there.
    static func checkTrack(_ events: [[String: Any]]) {
        let positions = events.compactMap { $0["position"] as? [String: Double] }.map {
            "\($0["lat"] ?? 0),\($0["lon"] ?? 0)"
        }
        #expect(Set(positions).count >= 5, "positions move: \(positions.count) samples")
        let phases = events.compactMap { $0["phase"] as? String }
        for phase in ["enRouteToPickup", "enRouteToDropoff"] {
            #expect(phases.contains(phase), "phase \(phase) tracked")
        }
        #expect(events.last?["status"] as? String == "completed")

        let parser = Date.ISO8601FormatStyle(includingFractionalSeconds: false)
        func date(_ value: Any?) -> Date? {
            guard let text = value as? String else { return nil }
            return (try? Date(text, strategy: parser))
                ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        let remaining = events.filter { $0["phase"] as? String == "enRouteToDropoff" && $0["position"] != nil }
            .compactMap { event -> Double? in
                guard let eta = date(event["etaDropoff"]), let time = date(event["time"]) else { return nil }
                return eta.timeIntervalSince(time)
            }
        #expect(remaining.count >= 3, "ETAs while flying to the dropoff: \(remaining)")
        guard remaining.count >= 3, let first = remaining.first, let last = remaining.last else { return }
        let steps = zip(remaining, remaining.dropFirst())
        let down = steps.filter { $1 < $0 }.count, up = steps.filter { $1 > $0 }.count
        #expect(down >= up * 2, "remaining time mostly decreases: \(remaining)")
        #expect(last < first, "remaining time shrinks overall: \(remaining)")
    }

    @Test("kill -9 of ground control mid-delivery: restarted, it rebuilds its state and the delivery completes")
    func groundKilledMidDelivery() async throws {
        let fleet = try await EndToEndFleet.start(drones: 1, speed: 4, prefix: "e2k")
        do {
            let station = fleet.station
            let key = try await station.registerBusiness("Restart Deli")
            let route = Self.routes[0]
            let booked = try await station.book(
                key: key, pickup: (route.pickup.lat, route.pickup.lon), dropoff: (route.dropoff.lat, route.dropoff.lon))
            let id = try #require(booked.json["id"] as? String, "\(booked)")
            try await station.waitForStatus(id, key: key, ["pickupInProgress"], timeout: .seconds(60))

            await station.process.kill()
            try await Task.sleep(for: .seconds(1))
            try await station.restart()
            try await fleet.waitUntilReady()
            let tracked = try await station.track(id, key: key, name: "track-restart.sse")
            try await station.waitForStatus(id, key: key, ["completed"], timeout: .seconds(120))
            let delivery = try await station.delivery(id, key: key)
            #expect(delivery["droneId"] as? String == fleet.droneIDs[0])
            #expect((delivery["statusTimes"] as? [String: Any])?["delivered"] != nil, "\(delivery)")
            // The agent reports the energy itself, so it is whole although this instance never saw the start.
            #expect((delivery["energyUsedWh"] as? Double ?? 0) > 1, "\(delivery)")
            try await waitUntil("tracking stream closed", timeout: .seconds(10)) { await !tracked.isRunning }
            let events = GroundStation.events(in: tracked.log())
            #expect(events.contains { $0["position"] != nil }, "live positions after the restart")
            #expect(events.last?["status"] as? String == "completed")
        } catch {
            Issue.record("\(error)\n\(fleet.diagnostics())")
        }
        await fleet.shutdown()
    }
}
