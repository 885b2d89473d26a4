import DroneAgent
import FleetProtocol
import Foundation
import TestSupport
import Testing

/// `drone-agent outbox`: what operators and the lab read instead of the agent's tables.
@Suite("Outbox summary")
struct OutboxSummaryTests {
    static let assignment = Assignment(
        assignmentID: "asg-7", deliveryID: "dlv-7", pickup: GeoPoint(lat: 47.37, lon: 8.54),
        dropoff: GeoPoint(lat: 47.38, lon: 8.55),
        payloadKg: 1)

    /// Three events, the first acknowledged, one refused by the broker, and an assignment in flight.
    static func fill(_ store: AgentStore) throws {
        let row = PersistedAssignment(
            assignment: try JSONEncoder().encode(assignment), phase: "enRouteToPickup",
            missionState: Data("{}".utf8), updatedAt: 1)
        try store.appendEvent(topic: "t", change: .set(row)) { Data("e\($0)".utf8) }
        try store.appendEvent(topic: "t") { Data("e\($0)".utf8) }
        try store.appendEvent(topic: "t") { Data("e\($0)".utf8) }
        try store.acknowledge(eventSeq: 1)
        try store.deadLetter(eventSeq: 2, reason: "packet too large")
    }

    @Test("reads eventSeq, outbox, dead letters and the current assignment through the store")
    func summary() throws {
        let directory = try TemporaryDirectory(prefix: "outbox-summary")
        defer { directory.remove() }
        let store = try AgentStore(path: directory.file("agent.sqlite").path)
        #expect(try OutboxSummary(store: store) == .empty)
        try Self.fill(store)
        #expect(
            try OutboxSummary(store: store)
                == OutboxSummary(
                    lastEventSeq: 3, pendingEvents: 1, deadLetters: 1, assignmentID: "asg-7", deliveryID: "dlv-7",
                    phase: "enRouteToPickup"))
    }

    @Test("drone-agent outbox --config prints it as JSON with the wire's names, and creates no store where none is")
    func command() throws {
        let directory = try TemporaryDirectory(prefix: "outbox-command")
        defer { directory.remove() }
        let data = directory.file("data")
        let config = directory.file("agent.yaml")
        try #"{"droneId": "sum-1", "dataDirectory": "\#(data.path)"}"#.write(
            to: config, atomically: true, encoding: .utf8)
        let exe = try ChildProcess.product("drone-agent")
        let before = try ChildProcess.run(exe, ["outbox", "--config", config.path])
        #expect(
            try JSONSerialization.jsonObject(with: Data(before.utf8)) as? NSDictionary
                == ["lastEventSeq": 0, "pendingEvents": 0, "deadLetters": 0] as NSDictionary)
        #expect(!FileManager.default.fileExists(atPath: data.path))

        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try Self.fill(try AgentStore(path: data.appendingPathComponent("agent.sqlite").path))
        let after = try ChildProcess.run(exe, ["outbox", "--config", config.path])
        #expect(
            try JSONSerialization.jsonObject(with: Data(after.utf8)) as? NSDictionary == [
                "lastEventSeq": 3, "pendingEvents": 1, "deadLetters": 1,
                "assignmentId": "asg-7", "deliveryId": "dlv-7", "phase": "enRouteToPickup",
            ] as NSDictionary)
    }
}
