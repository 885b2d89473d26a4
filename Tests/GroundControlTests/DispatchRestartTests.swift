import FleetProtocol
import Foundation
import TestSupport
import Testing

/// Restart safety of the real ground-control process (kill -9 mid-delivery, restart on the same
/// database and broker), with the test playing the drone over MQTT.
@Suite("ground-control restart", .timeLimit(TestPace.timeLimit(minutes: 2)))
struct DispatchRestartTests {
    static let home = GeoPoint(lat: 47.3769, lon: 8.5417)
    static let pickup = home.moved(east: 0, north: 600)
    static let dropoff = home.moved(east: 400, north: 1200)

    @Test("kill -9 mid-delivery: the restarted station rebuilds fleet and delivery state and the delivery completes")
    func killDuringFlight() async throws {
        let broker = try await MosquittoBroker.start()
        let dir = try TemporaryDirectory()
        let port = await broker.port
        let peer = DronePeer(port: port)
        try await peer.connect()
        try await peer.answer { _ in true }
        let station = try await GroundStation.start(dir: dir, mqttURL: await broker.url)
        await peer.provision(through: station.registerDrone)
        defer {
            Task {
                await station.process.kill()
                await peer.disconnect()
                await broker.shutdown()
                dir.remove()
            }
        }

        try await peer.online("rs-1", at: Self.home)
        try await peer.telemetry("rs-1", at: Self.home, battery: 96)
        let key = try await station.registerBusiness("Restart Bakery")
        try await waitUntil("drone online with a position", timeout: .seconds(10)) {
            let drone = await station.drone("rs-1")
            return drone?["online"] as? Bool == true && drone?["position"] != nil
        }
        let booked = try await station.book(
            key: key, pickup: (Self.pickup.lat, Self.pickup.lon), dropoff: (Self.dropoff.lat, Self.dropoff.lon))
        #expect(booked.status == 201, "\(booked)\n\(station.process.log())")
        let id = try #require(booked.json["id"] as? String)
        let assignment = try #require(await peer.assignments.first?.assignment)
        #expect(assignment.deliveryID == id)
        let asg = assignment.assignmentID

        var seq: UInt64 = 0
        for step in [AssignmentPhase.accepted, .preflight, .takeoff, .enRouteToPickup] {
            try await peer.report("rs-1", seq: &seq, asg, step, at: Self.home, home: Self.home)
        }
        try await peer.telemetry("rs-1", at: Self.home.moved(east: 0, north: 100), velocity: (15, 0), assignmentID: asg)
        try await station.waitForStatus(id, key: key, ["pickupInProgress"], timeout: .seconds(10))
        let before = try await station.delivery(id, key: key)

        // Power cut. The drone flies on: loads the package and heads for the dropoff.
        await station.process.kill()
        try await peer.report("rs-1", seq: &seq, asg, .atPickup, at: Self.pickup, home: Self.home)
        try await peer.report("rs-1", seq: &seq, asg, .enRouteToDropoff, at: Self.pickup, home: Self.home)

        try await station.restart()
        // Rebuilt from the store and the retained state: the delivery caught up with the drone.
        try await station.waitForStatus(id, key: key, ["inTransit"], timeout: .seconds(15))
        let fleet = try #require(await station.drone("rs-1"))
        #expect(fleet["online"] as? Bool == true)
        #expect(fleet["phase"] as? String == "enRouteToDropoff")
        let after = try await station.delivery(id, key: key)
        #expect(after["droneId"] as? String == "rs-1", "\(after)")
        let initialBefore = (before["initialEta"] as? [String: Any])?["dropoff"] as? String
        #expect(initialBefore != nil)
        #expect((after["initialEta"] as? [String: Any])?["dropoff"] as? String == initialBefore)

        // ETA tracking resumed: telemetry after the restart reaches a tracker.
        let sse = try await station.track(id, key: key, name: "track.sse")
        for i in 1...3 {
            try await peer.telemetry(
                "rs-1", at: Self.pickup.moved(east: Double(i) * 50, north: Double(i) * 50),
                velocity: (10, 10), assignmentID: asg)
            try await Task.sleep(for: .milliseconds(300))
        }
        try await waitUntil("tracked positions after restart", timeout: .seconds(10)) {
            GroundStation.events(in: sse.log()).contains { $0["position"] != nil && $0["etaDropoff"] != nil }
        }

        for step in [AssignmentPhase.atDropoff, .returning, .landed, .completed] {
            try await peer.report("rs-1", seq: &seq, asg, step, at: Self.dropoff, home: Self.home)
        }
        try await station.waitForStatus(id, key: key, ["completed"], timeout: .seconds(15))
        try await waitUntil("tracking stream closed at the terminal status", timeout: .seconds(10)) {
            await !sse.isRunning
        }
        #expect(GroundStation.events(in: sse.log()).last?["status"] as? String == "completed")
    }

    @Test("the assignment ended while ground was down: the drone's newer state settles the delivery")
    func completedWhileDown() async throws {
        let broker = try await MosquittoBroker.start()
        let dir = try TemporaryDirectory()
        let peer = DronePeer(port: await broker.port)
        try await peer.connect()
        try await peer.answer { _ in true }
        let station = try await GroundStation.start(dir: dir, mqttURL: await broker.url)
        await peer.provision(through: station.registerDrone)
        defer {
            Task {
                await station.process.kill()
                await peer.disconnect()
                await broker.shutdown()
                dir.remove()
            }
        }
        try await peer.online("rs-2", at: Self.home)
        try await peer.telemetry("rs-2", at: Self.home, battery: 96)
        let key = try await station.registerBusiness("Late Bakery")
        try await waitUntil("drone online with a position", timeout: .seconds(10)) {
            let drone = await station.drone("rs-2")
            return drone?["online"] as? Bool == true && drone?["position"] != nil
        }
        let booked = try await station.book(
            key: key, pickup: (Self.pickup.lat, Self.pickup.lon), dropoff: (Self.dropoff.lat, Self.dropoff.lon))
        #expect(booked.status == 201, "\(booked)\n\(station.process.log())")
        let id = try #require(booked.json["id"] as? String)
        let asg = try #require(await peer.assignments.first?.assignment.assignmentID, "\(station.process.log())")
        var seq: UInt64 = 0
        for step in [
            AssignmentPhase.accepted, .preflight, .takeoff, .enRouteToPickup, .atPickup, .enRouteToDropoff, .atDropoff,
        ] {
            try await peer.report("rs-2", seq: &seq, asg, step, at: Self.dropoff, home: Self.home)
        }
        try await station.waitForStatus(id, key: key, ["delivered"], timeout: .seconds(10))

        await station.process.kill()
        for step in [AssignmentPhase.returning, .landed, .completed] {
            try await peer.report("rs-2", seq: &seq, asg, step, at: Self.home, home: Self.home)
        }
        try await station.restart()
        try await station.waitForStatus(id, key: key, ["completed"], timeout: .seconds(15))
    }
}
