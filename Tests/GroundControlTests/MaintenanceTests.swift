import FleetProtocol
import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP
@testable import GroundLink

@Suite("Fleet maintenance: flight hours, battery cycles, out of service", .timeLimit(TestPace.timeLimit(minutes: 1)))
struct MaintenanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func sample(_ second: Double, battery: Double?, airborne: Bool?, from start: Date = t0)
        -> TelemetrySample
    {
        TelemetrySample(
            droneID: "drone-1", time: start.addingTimeInterval(second), lat: 47.37, lon: 8.54, alt: 400,
            batteryPercent: battery, airborne: airborne)
    }

    @Test func airborneTimeSkipsTheGroundAndOutagesAndCyclesCountDischargeDepth() {
        let samples = [
            Self.sample(0, battery: 100, airborne: false),
            Self.sample(5, battery: 99, airborne: true), // takeoff: 5 to 25 airborne
            Self.sample(10, battery: 90, airborne: true),
            Self.sample(15, battery: 80.5, airborne: true),
            Self.sample(20, battery: 81, airborne: true), // jitter, not a charge
            Self.sample(25, battery: 60, airborne: false), // landed
            Self.sample(30, battery: 70, airborne: false), // charging
            Self.sample(35, battery: 95, airborne: false),
            Self.sample(40, battery: 94, airborne: true),
            Self.sample(140, battery: 45, airborne: true), // a 100 s hole: not counted
            Self.sample(145, battery: nil, airborne: nil),
        ]
        let usage = FlightUsage.measure(samples, maxGap: 30)
        #expect(usage.airborneSeconds == 25)
        #expect(abs(usage.batteryCycles - 0.9) < 1e-9, "40 points, then 50: \(usage.batteryCycles)")
        #expect(usage.charges == 1)
        #expect(usage.from == Self.t0)
        #expect(FlightUsage.measure([], maxGap: 30) == FlightUsage())
    }

    @Test func reportsWearSinceTheLastServiceAndTakesADroneOutOfServiceWithAReason() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        // 2 h airborne at one sample per 10 s, discharging 100 -> 40, ending an hour ago.
        let start = Date().addingTimeInterval(-3 * 3600)
        var samples: [TelemetrySample] = []
        for n in 0...720 {
            samples.append(Self.sample(Double(n) * 10, battery: 100 - Double(n) / 12, airborne: true, from: start))
        }
        try await h.store.insertTelemetry(samples)
        var api = h.api
        api.maintenanceThresholds = MaintenanceThresholds(flightHours: 1.5, batteryCycles: 10)
        let op = APIHarness.auth(APIHarness.operatorKey)
        try await Application(router: api.makeRouter()).test(.router) { client in
            try await client.execute(uri: "/v1/drones/drone-1/maintenance", method: .get, headers: op) { response in
                #expect(response.status == .ok)
                let body = APIHarness.object(response)
                #expect(body["droneId"] as? String == "drone-1" && body["inService"] as? Bool == true)
                #expect(abs((body["flightHours"] as? Double ?? 0) - 2) < 1e-6)
                #expect(abs((body["batteryCycles"] as? Double ?? 0) - 0.6) < 1e-6)
                #expect(body["due"] as? [String] == ["flightHours"])
                #expect((body["thresholds"] as? [String: Any])?["flightHours"] as? Double == 1.5)
            }

            for (body, field) in [
                ("{}", "reason"), (#"{"reason":"bad\u0000"}"#, "reason"), (#"{"reason":7}"#, "reason"),
            ] {
                try await client.execute(
                    uri: "/v1/drones/drone-1/out-of-service", method: .post, headers: op, body: APIHarness.body(body)
                ) { response in
                    #expect((400..<500).contains(response.status.code), "\(body)")
                    #expect(APIHarness.errorField(response) == field, "\(body)")
                }
            }
            try await client.execute(
                uri: "/v1/drones/drone-1/out-of-service", method: .post, headers: op,
                body: APIHarness.body(#"{"reason":"motor vibration"}"#)
            ) { response in
                #expect(response.status == .ok)
                let body = APIHarness.object(response)
                #expect(body["inService"] as? Bool == false)
                #expect((body["outOfService"] as? [String: Any])?["reason"] as? String == "motor vibration")
            }
            #expect(try await h.store.droneMaintenance(droneID: "drone-1")?.outOfService?.reason == "motor vibration")

            // A service resets the wear: only telemetry after it counts.
            try await client.execute(
                uri: "/v1/drones/drone-1/service", method: .post, headers: op,
                body: APIHarness.body(#"{"note":"new motor"}"#)
            ) { response in
                #expect(response.status == .ok)
                let body = APIHarness.object(response)
                #expect(body["lastServiceNote"] as? String == "new motor" && body["lastServiceAt"] as? String != nil)
                #expect(body["flightHours"] as? Double == 0 && body["due"] as? [String] == [])
                #expect(body["inService"] as? Bool == false, "a service alone does not return it to service")
            }
            try await client.execute(uri: "/v1/drones/drone-1/in-service", method: .post, headers: op) { response in
                #expect(response.status == .ok)
                #expect(APIHarness.object(response)["inService"] as? Bool == true)
            }
            #expect(try await h.store.droneMaintenance(droneID: "drone-1")?.outOfService == nil)
            for uri in ["/v1/drones/ghost/maintenance", "/v1/drones/ghost/in-service"] {
                let method: HTTPRequest.Method = uri.hasSuffix("maintenance") ? .get : .post
                try await client.execute(uri: uri, method: method, headers: op) { response in
                    #expect(response.status == .notFound)
                }
            }
        }
    }

    @Test func anOutOfServiceDroneIsNeverOfferedWorkUntilBackInService() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await h.peer.answer { _ in true }
        let base = GeoPoint(lat: 47.3769, lon: 8.5417)
        for (drone, east) in [("near", 100.0), ("far", 2_000.0)] {
            let at = base.moved(east: east, north: 0)
            try await h.peer.online(drone, at: at, maxPayloadKg: 2.5)
            try await h.peer.telemetry(drone, at: at, battery: 95)
            try await waitUntil("\(drone) available") {
                let state = await h.fleet.state(of: drone)
                return state?.online == true && state?.position != nil
            }
        }
        try await h.store.saveDroneMaintenance(
            DroneMaintenance(droneID: "near", outOfService: .init(reason: "motor vibration", since: Date())))
        let pickup = base.moved(east: 0, north: 500), dropoff = base.moved(east: 300, north: 900)

        let first = try await h.book(from: pickup, to: dropoff)
        try await waitUntil("\(first.id) scheduled on far") {
            try await h.store.delivery(id: first.id)?.assignedDroneID == "far"
        }
        #expect(await h.peer.assignments.allSatisfy { $0.drone != "near" })

        // Back in service it is the nearest again.
        try await h.store.saveDroneMaintenance(DroneMaintenance(droneID: "near"))
        let second = try await h.book(from: pickup, to: dropoff)
        try await waitUntil("\(second.id) scheduled on near") {
            try await h.store.delivery(id: second.id)?.assignedDroneID == "near"
        }
    }
}
