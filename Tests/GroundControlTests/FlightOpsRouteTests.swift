import FleetProtocol
import Foundation
import GroundAPIModel
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

@Suite("Flight operations routes: reschedule (PATCH) and the flight log")
struct FlightOpsRouteTests {
    static let newDropoff = #"{"dropoff":{"lat":47.40,"lon":8.50}}"#

    @Test func patchReplansBeforePickupAndRefusesWithFieldNamesAfterwardsWithTheCurrentStatus() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let owner = try await APIHarness.register(client, name: "Owner")
            let id = try await APIHarness.book(client, key: owner)
            for key in [owner, APIHarness.operatorKey] {
                try await client.execute(
                    uri: "/v1/deliveries/\(id)", method: .patch, headers: APIHarness.auth(key),
                    body: APIHarness.body(Self.newDropoff)
                ) { response in
                    #expect(response.status == .ok)
                    let body = APIHarness.object(response)
                    #expect(body["status"] as? String == "scheduled")
                    #expect((body["dropoff"] as? [String: Any])?["lat"] as? Double == 47.40)
                    #expect((body["eta"] as? [String: Any])?["pickup"] as? String != nil, "re-planned with an ETA")
                    #expect(body["trackingToken"] as? String != nil)
                }
            }
            // The first PATCH moved it off drone-1 and planned again; the second changed nothing.
            #expect(await h.dispatcher.cancelled == [id])
            #expect(await h.dispatcher.dispatched == [id, id])
            try await client.execute(
                uri: "/v1/deliveries/\(id)/history", method: .get, headers: APIHarness.auth(owner)
            ) { response in
                let changes = APIHarness.object(response)["changes"] as? [[String: Any]] ?? []
                #expect(changes.map { $0["to"] as? String } == ["requested", "scheduled", "requested", "scheduled"])
                #expect(changes[2]["reason"] as? String == "rescheduled (dropoff changed)")
            }

            let refusals: [(body: String, status: HTTPResponse.Status, field: String)] = [
                ("{}", .badRequest, "body"),
                (#"{"dropoff":{"lat":"north","lon":8.5}}"#, .badRequest, "dropoff.lat"),
                (#"{"dropoff":null}"#, .badRequest, "dropoff"),
                (#"{"window":{"start":"yesterday","end":"2030-01-01T00:00:00Z"}}"#, .badRequest, "window.start"),
                (#"{"dropoff":{"lat":47.37,"lon":8.54}}"#, .unprocessableContent, "dropoff"),
                (#"{"dropoff":{"lat":91,"lon":8.54}}"#, .unprocessableContent, "dropoff"),
                (
                    #"{"window":{"start":"2020-01-01T00:00:00Z","end":"2020-01-01T01:00:00Z"}}"#,
                    .unprocessableContent, "window.end"
                ),
            ]
            try await Self.expectRefusals(refusals, client, id: id, key: owner)
            try await client.execute(
                uri: "/v1/deliveries/dlv_nope", method: .patch, headers: APIHarness.auth(owner),
                body: APIHarness.body(Self.newDropoff)
            ) { response in
                #expect(response.status == .notFound)
            }

            _ = try await h.api.deliveries.apply(
                DroneProgress(
                    droneID: "drone-1", deliveryID: id, assignmentID: "asg-1", phase: .enRouteToDropoff, time: Date()))
            try await client.execute(
                uri: "/v1/deliveries/\(id)", method: .patch, headers: APIHarness.auth(owner),
                body: APIHarness.body(#"{"dropoff":{"lat":47.41,"lon":8.49}}"#)
            ) { response in
                #expect(response.status == .conflict)
                let error = APIHarness.object(response)["error"] as? [String: Any]
                #expect(error?["currentStatus"] as? String == "inTransit")
            }
            #expect(try await h.store.delivery(id: id)?.dropoff == GeoPoint(lat: 47.40, lon: 8.50))
        }
    }

    @Test func patchChangesDeadlineAndPriorityWithTheBookingRules() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let owner = try await APIHarness.register(client, name: "Owner")
            let id = try await APIHarness.book(client, key: owner)
            let deadline = RFC3339.format(Date().addingTimeInterval(3 * 3600))
            try await client.execute(
                uri: "/v1/deliveries/\(id)", method: .patch, headers: APIHarness.auth(owner),
                body: APIHarness.body(#"{"deadline":"\#(deadline)","priority":"express"}"#)
            ) { response in
                #expect(response.status == .ok)
                let body = APIHarness.object(response)
                #expect(body["priority"] as? String == "express")
                #expect(body["deadline"] as? String != nil)
            }
            let stored = try await h.store.delivery(id: id)
            #expect(stored?.priority == .express)
            #expect(stored.flatMap(\.deadline).map { abs($0.timeIntervalSinceNow - 3 * 3600) < 5 } == true)
            try await client.execute(
                uri: "/v1/deliveries/\(id)/history", method: .get, headers: APIHarness.auth(owner)
            ) { response in
                let changes = APIHarness.object(response)["changes"] as? [[String: Any]] ?? []
                #expect(changes.contains { $0["reason"] as? String == "rescheduled (deadline, priority changed)" })
            }
            let refusals: [(body: String, status: HTTPResponse.Status, field: String)] = [
                (#"{"priority":"urgent"}"#, .badRequest, "priority"),
                (#"{"priority":null}"#, .badRequest, "priority"),
                (#"{"deadline":"2020-01-01T00:00:00Z"}"#, .unprocessableContent, "deadline"),
            ]
            try await Self.expectRefusals(refusals, client, id: id, key: owner)
        }
    }

    /// Each PATCH body is refused with its status and the field its error names.
    static func expectRefusals(
        _ refusals: [(body: String, status: HTTPResponse.Status, field: String)], _ client: some TestClientProtocol,
        id: String, key: String
    ) async throws {
        for refusal in refusals {
            try await client.execute(
                uri: "/v1/deliveries/\(id)", method: .patch, headers: APIHarness.auth(key),
                body: APIHarness.body(refusal.body)
            ) { response in
                #expect(response.status == refusal.status, "\(refusal.body)")
                #expect(APIHarness.errorField(response) == refusal.field, "\(refusal.body)")
            }
        }
    }

    @Test func flightLogServesTheStoredTrackAndEventsAsJSONGeoJSONAndCSV() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let owner = try await APIHarness.register(client, name: "Owner")
            let other = try await APIHarness.register(client, name: "Other")
            let id = try await APIHarness.book(client, key: owner)

            // Nothing flown yet apart from the schedule: an empty track, every format still valid.
            let scheduledAt = try #require(try await h.store.history(deliveryID: id).last?.at)
            func at(_ seconds: Double) -> Date { scheduledAt.addingTimeInterval(seconds) }
            var samples: [TelemetrySample] = []
            let lats = [47.370, 47.371, 47.372, 47.373, 47.374, 47.375]
            for (n, second) in [-30.0, 2, 12, 22, 32, 200].enumerated() {
                samples.append(
                    TelemetrySample(
                        droneID: "drone-1", time: at(second), lat: lats[n], lon: 8.54,
                        alt: 400 + Double(n), batteryPercent: 90 - Double(n), groundSpeed: 12, heading: 90))
            }
            samples.append(TelemetrySample(droneID: "drone-2", time: at(12), lat: 1, lon: 1, alt: 1))
            try await h.store.insertTelemetry(samples)
            for (seq, second) in [(1, -60.0), (2, 3), (3, 30), (4, 300)] {
                try await h.store.recordEvent(
                    DroneEventRecord(
                        droneID: "drone-1", eventSeq: Int64(seq), kind: "phase", receivedAt: at(second),
                        payload: #"{"eventSeq":\#(seq)}"#))
            }
            for (phase, second) in [
                (AssignmentPhase.enRouteToPickup, 1.0), (.enRouteToDropoff, 10), (.atDropoff, 25),
                (.completed, 40),
            ] {
                _ = try await h.api.deliveries.apply(
                    DroneProgress(
                        droneID: "drone-1", deliveryID: id, assignmentID: "asg-1", phase: phase, time: at(second)))
            }

            for key in [owner, APIHarness.operatorKey] {
                try await client.execute(
                    uri: "/v1/deliveries/\(id)/flight", method: .get, headers: APIHarness.auth(key)
                ) { response in
                    #expect(response.status == .ok)
                    let log = try GroundJSON.decoder().decode(
                        FlightLogResponse.self, from: Data(response.body.readableBytesView))
                    #expect(log.deliveryID == id && log.droneID == "drone-1")
                    // The wire keeps milliseconds.
                    #expect(abs((log.from ?? .distantPast).timeIntervalSince(scheduledAt)) < 0.002)
                    #expect(abs((log.to ?? .distantPast).timeIntervalSince(at(40))) < 0.002)
                    #expect(log.track.map(\.alt) == [401, 402, 403, 404], "only drone-1's samples inside the flight")
                    #expect(log.events.map(\.eventSeq) == [2, 3])
                }
            }
            try await client.execute(
                uri: "/v1/deliveries/\(id)/flight?format=geojson", method: .get, headers: APIHarness.auth(owner)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/geo+json")
                #expect(response.headers[.contentDisposition]?.contains("flight-\(id).geojson") == true)
                let body = APIHarness.object(response)
                #expect(body["type"] as? String == "FeatureCollection")
                let feature = try #require((body["features"] as? [[String: Any]])?.first)
                let geometry = try #require(feature["geometry"] as? [String: Any])
                #expect(geometry["type"] as? String == "LineString")
                let coordinates = try #require(geometry["coordinates"] as? [[Double]])
                #expect(coordinates.count == 4 && coordinates[0] == [8.54, 47.371, 401])
                #expect(((feature["properties"] as? [String: Any])?["times"] as? [String])?.count == 4)
            }
            try await client.execute(
                uri: "/v1/deliveries/\(id)/flight?format=csv", method: .get, headers: APIHarness.auth(owner)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                let lines = String(buffer: response.body).split(separator: "\r\n")
                #expect(lines.first == "time,lat,lon,alt,batteryPercent,groundSpeed,heading")
                #expect(lines.count == 5)
                #expect(lines[1].hasSuffix(",47.371,8.54,401.0,89.0,12.0,90.0"), "\(lines[1])")
            }
            try await client.execute(
                uri: "/v1/deliveries/\(id)/flight?format=kml", method: .get, headers: APIHarness.auth(owner)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(APIHarness.errorField(response) == "format")
            }
            try await client.execute(uri: "/v1/deliveries/\(id)/flight", method: .get, headers: APIHarness.auth(other))
            { response in
                #expect(response.status == .notFound)
            }

            // A delivery no drone ever took has an empty log.
            await h.dispatcher.setDecision(.queued(reason: "no drone available"))
            let queued = try await APIHarness.book(client, key: owner)
            try await client.execute(
                uri: "/v1/deliveries/\(queued)/flight?format=geojson", method: .get, headers: APIHarness.auth(owner)
            ) { response in
                #expect(response.status == .ok)
                #expect((APIHarness.object(response)["features"] as? [Any])?.isEmpty == true)
            }
        }
    }
}
