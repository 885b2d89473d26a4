import FleetProtocol
import Foundation
import TestSupport
import Testing

/// Issue 18 point 3: the real ground-control process killed with -9 between publishing an `assign`
/// and storing the drone's acceptance. The offer was stored before it was sent, so the restarted
/// station recognises the drone's report of the assignment and adopts the flight; an assignment it
/// never offered makes it tell the drone to abort.
@Suite("orphan flights", .timeLimit(TestPace.timeLimit(minutes: 2)))
struct OrphanFlightTests {
    static let home = GeoPoint(lat: 47.3769, lon: 8.5417)
    static let pickup = home.moved(east: 0, north: 600)
    static let dropoff = home.moved(east: 400, north: 1200)

    @Test("kill -9 after the assign is published: the restarted station adopts the flight, never offers it twice")
    func killBetweenAssignAndAcceptance() async throws {
        let broker = try await MosquittoBroker.start()
        let dir = try TemporaryDirectory()
        let peer = DronePeer(port: await broker.port)
        try await peer.connect()
        // The drone stays silent: the test answers, once ground is dead.
        try await peer.answer { _ in nil }
        let station = try await GroundStation.start(dir: dir, mqttURL: await broker.url)
        await peer.provision(through: station.registerDrone)
        try await peer.online("of-1", at: Self.home)
        try await peer.telemetry("of-1", at: Self.home, battery: 96)
        let key = try await station.registerBusiness("Orphan Bakery")
        try await waitUntil("drone online with a position", timeout: .seconds(10)) {
            let drone = await station.drone("of-1")
            return drone?["online"] as? Bool == true && drone?["position"] != nil
        }
        let booking = Task { () -> Int in
            try await station.book(
                key: key, pickup: (Self.pickup.lat, Self.pickup.lon), dropoff: (Self.dropoff.lat, Self.dropoff.lon)
            ).status
        }
        try await waitUntil("assign published", timeout: .seconds(10), every: .milliseconds(20)) {
            await !peer.assignments.isEmpty
        }
        await station.process.kill()
        _ = await booking.result
        let assign = try #require(await peer.received.first { if case .assign = $0.kind { true } else { false } })
        guard case let .assign(assignment) = assign.kind else { return }
        let id = assignment.deliveryID
        let asg = assignment.assignmentID

        // The drone accepts (no ground alive to store it) and starts flying.
        try await peer.reply(to: assign, accepted: true)
        var seq: UInt64 = 0
        for step in [AssignmentPhase.accepted, .preflight, .takeoff, .enRouteToPickup] {
            try await peer.report("of-1", seq: &seq, asg, step, at: Self.home, home: Self.home)
        }

        try await station.restart()
        try await station.waitForStatus(id, key: key, ["pickupInProgress"], timeout: .seconds(15))
        let adopted = try await station.delivery(id, key: key)
        #expect(adopted["droneId"] as? String == "of-1", "\(adopted)")
        for step in [AssignmentPhase.atPickup, .enRouteToDropoff, .atDropoff, .returning, .landed, .completed] {
            try await peer.report("of-1", seq: &seq, asg, step, at: Self.dropoff, home: Self.home)
        }
        try await station.waitForStatus(id, key: key, ["completed"], timeout: .seconds(15))
        // A few more rounds: the delivery is never offered again, the flight never told to abort.
        try await Task.sleep(for: TestPace.scaled(.seconds(2)))
        #expect(await peer.assignments.filter { $0.assignment.deliveryID == id }.count == 1)
        #expect(await peer.cancels.filter { $0.assignmentID == asg }.isEmpty)
        #expect(station.process.log().contains("adopted a flight whose acceptance was lost"))

        await station.process.kill()
        await peer.disconnect()
        await broker.shutdown()
        dir.remove()
    }

    @Test("a drone flying an assignment ground never made is told to abort and the operator alerted")
    func unknownAssignmentIsAborted() async throws {
        let broker = try await MosquittoBroker.start()
        let dir = try TemporaryDirectory()
        let peer = DronePeer(port: await broker.port)
        try await peer.connect()
        try await peer.answer { _ in true }
        let station = try await GroundStation.start(dir: dir, mqttURL: await broker.url)
        await peer.provision(through: station.registerDrone)
        try await peer.online("of-2", at: Self.home, assignmentID: "asg_forged", phase: .enRouteToPickup)
        try await waitUntil("cancel sent for the unknown assignment", timeout: .seconds(10)) {
            await peer.cancels.contains { $0.drone == "of-2" && $0.assignmentID == "asg_forged" }
        }
        // Told once, however often the drone repeats it.
        try await peer.online("of-2", at: Self.home, assignmentID: "asg_forged", phase: .enRouteToPickup)
        try await peer.event("of-2", seq: 1, assignmentID: "asg_forged", phase: .enRouteToPickup, at: Self.home)
        try await Task.sleep(for: TestPace.scaled(.seconds(1)))
        #expect(await peer.cancels.filter { $0.assignmentID == "asg_forged" }.count == 1)
        #expect(station.process.log().contains("ORPHAN FLIGHT"))
        await station.process.kill()
        await peer.disconnect()
        await broker.shutdown()
        dir.remove()
    }
}
