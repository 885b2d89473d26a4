import FleetProtocol
import Foundation
import TestSupport
import Testing

/// Proof of delivery end to end: firmware-sim's camera, the agent's capture and MQTT upload, ground's
/// store and routes, each a real process on a real broker.
@Suite("Proof of delivery", .serialized)
struct ProofOfDeliveryTests {
    @Test("a delivery leaves a proof with the drop-point photo, uploaded although ground was down at the release")
    func proofSurvivesGroundOutage() async throws {
        let fleet = try await EndToEndFleet.start(drones: 1, speed: 8, prefix: "pod", camera: true)
        do {
            let station = fleet.station
            let key = try await station.registerBusiness("Proof Bakery")
            let otherKey = try await station.registerBusiness("Other Shop")
            let route = EndToEndTests.routes[0]
            let booked = try await station.book(
                key: key, pickup: (route.pickup.lat, route.pickup.lon), dropoff: (route.dropoff.lat, route.dropoff.lon))
            let id = try #require(booked.json["id"] as? String, "\(booked)")
            try await station.waitForStatus(id, key: key, ["inTransit"], timeout: .seconds(90))

            // Ground goes away before the release: the photo is taken and the upload starts without it,
            // and must resume once ground is back.
            await station.process.kill()
            try await waitUntil("the camera wrote the drop-point photo", timeout: .seconds(90)) {
                (try? FileManager.default.contentsOfDirectory(atPath: fleet.cameraDirectory.path))?.isEmpty == false
            }
            try await Task.sleep(for: TestPace.scaled(.seconds(2)))
            try await station.restart()
            try await station.waitForStatus(id, key: key, ["delivered", "completed"], timeout: .seconds(90))

            var proof: [String: Any] = [:]
            try await waitUntil("proof photo stored", timeout: .seconds(60), every: .milliseconds(500)) {
                guard let response = try? await station.request("GET", "/v1/deliveries/\(id)/proof", key: key),
                    response.status == 200
                else { return false }
                proof = response.json
                return proof["imageStatus"] as? String == "stored"
            }
            #expect(proof["droneId"] as? String == fleet.droneIDs[0])
            #expect(proof["releasedAt"] is String)
            let gripper = try #require(proof["gripper"] as? [String: Any])
            #expect(gripper["confirmedBy"] as? String == "mission-progress")
            let position = try #require(proof["position"] as? [String: Any])
            let place = GeoPoint(lat: position["lat"] as? Double ?? 0, lon: position["lon"] as? Double ?? 0)
            #expect(place.distance(to: route.dropoff) < 30, "released at the dropoff: \(position)")
            let image = try #require(proof["image"] as? [String: Any])
            #expect(image["mediaType"] as? String == "image/png")

            // The stored photo is byte for byte what the camera wrote.
            let files = try FileManager.default.contentsOfDirectory(atPath: fleet.cameraDirectory.path)
            let original = try Data(contentsOf: fleet.cameraDirectory.appendingPathComponent(try #require(files.first)))
            let url = try #require(image["url"] as? String)
            let downloaded = try await Self.download(station, url, key: key)
            #expect(downloaded == original)
            #expect(image["bytes"] as? Int == original.count)

            // Readable like tracking: the tracking token opens it, another business and no credential do not.
            let delivery = try await station.delivery(id, key: key)
            let token = try #require(delivery["trackingToken"] as? String)
            let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
            let byToken = try await station.request("GET", "/v1/deliveries/\(id)/proof?token=\(encoded)")
            #expect(byToken.status == 200)
            let tokenURL = try #require((byToken.json["image"] as? [String: Any])?["url"] as? String)
            #expect(try await Self.download(station, tokenURL, key: nil) == original)
            #expect(try await station.request("GET", "/v1/deliveries/\(id)/proof", key: otherKey).status == 404)
            #expect(try await station.request("GET", "/v1/deliveries/\(id)/proof").status == 401)
            #expect(try await station.request("GET", "/v1/deliveries/\(id)/proof/image", key: otherKey).status == 404)
        } catch {
            Issue.record("\(error)\n\(fleet.diagnostics())")
        }
        await fleet.shutdown()
    }

    /// The bytes at `path` on the station, fetched with curl.
    static func download(_ station: GroundStation, _ path: String, key: String?) async throws -> Data {
        let output = station.dir.file("download-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: output) }
        var arguments = ["-sS", "--fail", "--max-time", "15", "-o", output.path, station.baseURL + path]
        if let key { arguments += ["-H", "Authorization: Bearer \(key)"] }
        let curl = ChildProcess(
            executable: try ChildProcess.system("curl"), arguments: arguments, logFile: station.dir.file("curl.log"))
        try await curl.start()
        let status = try await curl.waitForExit(timeout: .seconds(20))
        try #require(status == 0, "curl \(path): \(curl.log())")
        return try Data(contentsOf: output)
    }
}
