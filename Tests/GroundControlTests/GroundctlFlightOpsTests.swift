import Foundation
import TestSupport
import Testing

/// groundctl's flight-ops commands (reschedule, flight, rotate-key, maintenance) against a live ground-control.
@Suite("groundctl flight operations against a live ground-control")
struct GroundctlFlightOpsTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func reschedulesDownloadsFlightLogsRotatesKeysAndMaintainsDrones() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let station = try await GroundctlTests.start(dir: dir)
        defer { Task { await station.process.terminate() } }
        let op = ["--key", GroundctlTests.operatorKey]
        let help = try ChildProcess.run(station.ctl, ["--help"])
        for command in ["reschedule", "flight", "rotate-key", "maintenance"] {
            #expect(help.contains(command), "help lists \(command)")
        }

        let registered = try Self.json(try station.run(["register-business", "Acme Bakery", "--json"]))
        let business = try #require(registered["id"] as? String)
        let key = try #require(registered["apiKey"] as? String)
        let booked = try Self.json(
            try station.run([
                "book", "--key", key, "--pickup", "47.37,8.54", "--dropoff", "47.39,8.51", "--weight", "1.2", "--json",
            ]))
        let id = try #require(booked["id"] as? String)

        // Reschedule: the new dropoff is kept; a bad one names its field.
        let moved = try Self.json(
            try station.run(["reschedule", id, "--dropoff", "47.40,8.50", "--key", key, "--json"]))
        #expect((moved["dropoff"] as? [String: Any])?["lat"] as? Double == 47.40)
        #expect(try station.run(["reschedule", id, "--dropoff", "47.41,8.49", "--key", key]).contains("requested"))
        #expect(
            try station.fail(["reschedule", id, "--dropoff", "47.37,8.54", "--key", key]).contains("field dropoff"))
        #expect(try station.fail(["reschedule", id, "--key", key]).contains("--dropoff"))

        // Flight log: no drone flew it, so an empty track in every format; downloads go to a file.
        #expect(try station.run(["flight", id] + op).hasPrefix("DRONE"))
        let csvFile = dir.file("flight.csv")
        _ = try station.run(["flight", id, "--format", "csv", "--file", csvFile.path] + op)
        #expect(try String(contentsOf: csvFile, encoding: .utf8).hasPrefix("time,lat,lon,alt"))
        let geojson = try Self.json(try station.run(["flight", id, "--format", "geojson"] + op))
        #expect(geojson["type"] as? String == "FeatureCollection")

        // Key rotation: the new key works, the old one still does during the default grace.
        let rotated = try Self.json(try station.run(["rotate-key", business, "--key", key, "--json"]))
        let fresh = try #require(rotated["apiKey"] as? String)
        #expect(rotated["previousKeyExpiresAt"] as? String != nil)
        for k in [key, fresh] { #expect(try station.run(["delivery", id, "--key", k]).contains(id)) }
        #expect(try station.fail(["rotate-key", business, "--key", key]).contains("HTTP 403"))

        // Maintenance of a registered drone.
        _ = try station.run(["drones", "register", "drone-7"] + op)
        #expect(try station.run(["maintenance", "drone-7"] + op).contains("drone-7"))
        let out = try Self.json(
            try station.run(["maintenance", "drone-7", "--out-of-service", "motor vibration", "--json"] + op))
        #expect(out["inService"] as? Bool == false)
        let serviced = try Self.json(
            try station.run(["maintenance", "drone-7", "--service", "--note", "new motor", "--json"] + op))
        #expect(serviced["lastServiceNote"] as? String == "new motor")
        #expect(try station.run(["maintenance", "drone-7", "--in-service"] + op).contains("yes"))
        #expect(try station.fail(["maintenance", "ghost"] + op).contains("HTTP 404"))
        #expect(try station.fail(["maintenance", "drone-7", "--in-service", "--service"] + op).contains("choose one"))
    }
}
