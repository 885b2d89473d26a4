import FleetProtocol
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP

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

    /// Two customers watch one delivery: one hub subscription feeds both, each update is encoded once
    /// (both streams get the very same buffer), and a stream that is never read keeps only its newest
    /// frames while the other gets every one at once.
    @Test func oneEncodingPerUpdateAndASlowStreamHoldsNothingBack() async throws {
        let hub = TrackingHub()
        let fanout = TrackingFanout(hub: hub, heartbeat: .seconds(3600), pendingFrames: 4)
        let fast = await fanout.subscribe(deliveryID: "d")
        let slow = await fanout.subscribe(deliveryID: "d")
        #expect(await hub.subscriberCount(deliveryID: "d") == 1)
        #expect(await fanout.streamCount(deliveryID: "d") == 2)
        var fastFrames = fast.makeAsyncIterator()
        var received: [ByteBuffer] = []
        for i in 0...20 {
            let status: DeliveryStatus = i == 20 ? .completed : .inTransit
            await hub.publish(
                TrackingUpdate(
                    deliveryID: "d", status: status, battery: Double(i), time: Date(timeIntervalSince1970: Double(i))))
            guard case let .frame(bytes, last)? = await fastFrames.next() else {
                Issue.record("the fast stream missed update \(i)")
                return
            }
            #expect(last == (i == 20))
            received.append(bytes)
        }
        #expect(await fastFrames.next() == nil)
        var kept: [ByteBuffer] = []
        for await item in slow {
            if case let .frame(bytes, _) = item { kept.append(bytes) }
        }
        #expect(kept == Array(received.suffix(4)))
        #expect(String(buffer: kept.last ?? ByteBuffer()).contains(#""status":"completed""#))
        // The same storage, not an equal copy: the update was encoded once for both streams.
        let address = { (buffer: ByteBuffer) in buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) } }
        #expect(kept.map(address) == received.suffix(4).map(address))
        #expect(await fanout.streamCount(deliveryID: "d") == 0)
        #expect(await hub.subscriberCount(deliveryID: "d") == 0)
    }

    /// Two `/track` streams of one delivery, read by two clients, carry the same bytes after their
    /// connect snapshots, up to the terminal update.
    @Test func twoStreamsOfOneDeliveryCarryTheSameBytes() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let service = h.api.deliveries
        let fanout = h.api.trackingFanout
        try await h.app().test(.live) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            let id = try await APIHarness.book(client, key: key)
            let port = try #require(client.port)
            let logs = [h.dir.file("track-a.log"), h.dir.file("track-b.log")]
            var readers: [ChildProcess] = []
            for log in logs {
                readers.append(
                    try await SSECurl.start(
                        "http://127.0.0.1:\(port)/v1/deliveries/\(id)/track", bearer: key, logFile: log,
                        maxTime: .seconds(60)))
            }
            try await waitUntil("two tracking streams") { await fanout.streamCount(deliveryID: id) == 2 }
            let t = Date()
            try await service.apply(
                DroneProgress(
                    droneID: "drone-1", deliveryID: id, assignmentID: "asg-1", phase: .enRouteToPickup, time: t))
            for (i, lat) in [47.371, 47.372, 47.373].enumerated() {
                await service.track(
                    id, position: .init(lat: lat, lon: 8.541, alt: 480), battery: 93 - Double(i),
                    phase: .enRouteToPickup, etaPickup: t.addingTimeInterval(60), etaDropoff: t.addingTimeInterval(400),
                    at: t.addingTimeInterval(Double(i)))
            }
            for phase in [AssignmentPhase.enRouteToDropoff, .atDropoff, .completed] {
                try await service.apply(
                    DroneProgress(droneID: "drone-1", deliveryID: id, assignmentID: "asg-1", phase: phase, time: t))
            }
            for curl in readers { _ = try await curl.waitForExit(timeout: .seconds(30)) }
            let afterSnapshot = try logs.map { log in
                try String(contentsOf: log, encoding: .utf8).components(separatedBy: "\n\n").dropFirst()
                    .joined(separator: "\n\n")
            }
            #expect(afterSnapshot[0] == afterSnapshot[1])
            let updates = Self.updates(afterSnapshot[0])
            #expect(updates.count >= 5)
            #expect(updates.last?["status"] as? String == "completed")
            #expect(updates.contains { ($0["position"] as? [String: Any])?["lat"] as? Double == 47.373 })
        }
    }
}
