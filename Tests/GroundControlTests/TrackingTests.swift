import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundCore

@Suite("SSE tracking")
struct TrackingTests {
    /// Parses `event: update` frames out of an SSE body.
    static func updates(_ text: String) -> [[String: Any]] {
        text.components(separatedBy: "\n\n").compactMap { frame in
            guard frame.hasPrefix("event: update\n"),
                let data = frame.split(separator: "\n").first(where: { $0.hasPrefix("data: ") })?.dropFirst(6),
                let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any]
            else { return nil }
            return object
        }
    }

    @Test func streamsPositionPhaseAndETAUntilTerminalStatus() async throws {
        let h = try await APIHarness(heartbeat: .milliseconds(50))
        defer { h.dir.remove() }
        let service = h.api.deliveries
        let id = try await h.app().test(.live) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            let id = try await APIHarness.book(client, key: key)
            // The drone flies the delivery while the customer watches.
            let flight = Task {
                try await waitUntil("tracking subscriber") {
                    await service.tracking.subscriberCount(deliveryID: id) == 1
                }
                try await Task.sleep(for: .milliseconds(120)) // let a heartbeat through
                let t = Date()
                try await service.apply(
                    DroneProgress(
                        droneID: "drone-1", deliveryID: id, assignmentID: "asg-1", phase: .enRouteToPickup, time: t))
                await service.track(
                    id, position: .init(lat: 47.371, lon: 8.541, alt: 480), battery: 93, phase: .enRouteToPickup,
                    etaPickup: t.addingTimeInterval(60), etaDropoff: t.addingTimeInterval(400), at: t)
                try await service.apply(
                    DroneProgress(
                        droneID: "drone-1", deliveryID: id, assignmentID: "asg-1", phase: .enRouteToDropoff, time: t))
                await service.track(
                    id, position: .init(lat: 47.38, lon: 8.52, alt: 490), battery: 80, phase: .enRouteToDropoff,
                    etaPickup: nil, etaDropoff: t.addingTimeInterval(300), at: t)
                try await service.apply(
                    DroneProgress(droneID: "drone-1", deliveryID: id, assignmentID: "asg-1", phase: .atDropoff, time: t)
                )
                try await service.apply(
                    DroneProgress(
                        droneID: "drone-1", deliveryID: id, assignmentID: "asg-1", phase: .completed, energyUsedWh: 42,
                        time: t))
            }
            try await client.execute(uri: "/v1/deliveries/\(id)/track", method: .get, headers: APIHarness.auth(key)) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                let text = String(buffer: response.body)
                #expect(text.contains(": heartbeat\n\n"))
                let updates = Self.updates(text)
                let statuses = updates.compactMap { $0["status"] as? String }
                #expect(statuses.first == "scheduled")
                #expect(statuses.last == "completed")
                for expected in ["pickupInProgress", "inTransit", "delivered"] { #expect(statuses.contains(expected)) }
                let moving = try #require(
                    updates.first { ($0["position"] as? [String: Any])?["lat"] as? Double == 47.38 })
                #expect(moving["phase"] as? String == "enRouteToDropoff")
                #expect(moving["battery"] as? Double == 80)
                #expect(moving["etaDropoff"] != nil)
                #expect(moving["deliveryId"] as? String == id)
            }
            try await flight.value
            #expect(await service.tracking.subscriberCount(deliveryID: id) == 0)
            // A finished delivery answers with one final update and closes at once.
            try await client.execute(uri: "/v1/deliveries/\(id)/track", method: .get, headers: APIHarness.auth(key)) {
                response in
                #expect(Self.updates(String(buffer: response.body)).map { $0["status"] as? String } == ["completed"])
            }
            return id
        }
        let stored = try #require(try await h.store.delivery(id: id))
        #expect(stored.energyUsedWh == 42)
        #expect(stored.statusTimes[.delivered] != nil)
        // The live estimate is kept in the row; the first promise stays for ETA-error analytics.
        let eta = try #require(stored.etaDropoff)
        #expect(abs(eta.timeIntervalSinceNow - 300) < 60)
        #expect(stored.initialETADropoff == APIHarness.etaDropoff)
    }

    @Test func hubBoundsSlowSubscribersAndFinishesOnTerminal() async throws {
        let hub = TrackingHub(bufferSize: 4)
        let stream = await hub.subscribe(deliveryID: "d")
        for i in 0..<50 {
            await hub.publish(TrackingUpdate(deliveryID: "d", status: .inTransit, battery: Double(i), time: Date()))
        }
        await hub.publish(TrackingUpdate(deliveryID: "d", status: .completed, time: Date()))
        var received: [TrackingUpdate] = []
        for await update in stream { received.append(update) }
        #expect(received.count == 4)
        #expect(received.last?.status == .completed)
        #expect(received.first?.battery == 47)
        #expect(await hub.subscriberCount(deliveryID: "d") == 0)
    }
}
