import DroneAgent
import Foundation
import TestSupport
import Testing

/// The SQLite store on real files: eventSeq allocation, atomicity with the assignment row, reply cache.
@Suite("Agent store")
struct AgentStoreTests {
    struct Boom: Error {}

    static func assignment(phase: String) -> PersistedAssignment {
        PersistedAssignment(assignment: Data("{}".utf8), phase: phase, missionState: Data("{}".utf8), updatedAt: 1)
    }

    @Test("eventSeq is allocated gap-free, survives reopening, and the file is in WAL mode")
    func sequence() throws {
        let directory = try TemporaryDirectory(prefix: "agent-store")
        defer { directory.remove() }
        let path = directory.file("agent.sqlite").path
        do {
            let store = try AgentStore(path: path)
            for expected in 1...3 as ClosedRange<Int64> {
                #expect(try store.appendEvent(topic: "t") { Data("e\($0)".utf8) } == expected)
            }
        }
        let reopened = try AgentStore(path: path)
        // WAL mode: SQLite keeps a -wal file next to the database while it is open.
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(try reopened.nextEventSeq() == 4)
        #expect(try reopened.pendingEvents().map(\.eventSeq) == [1, 2, 3])
        #expect(try reopened.pendingEvents().map { String(decoding: $0.payload, as: UTF8.self) } == ["e1", "e2", "e3"])
    }

    @Test("event and assignment change commit together, or neither does")
    func atomicity() throws {
        let directory = try TemporaryDirectory(prefix: "agent-store")
        defer { directory.remove() }
        let store = try AgentStore(path: directory.file("agent.sqlite").path)
        try store.appendEvent(topic: "t", change: .set(Self.assignment(phase: "takeoff"))) { _ in Data("a".utf8) }
        #expect(try store.currentAssignment()?.phase == "takeoff")

        #expect(throws: AgentStoreError.self) {
            try store.appendEvent(topic: "t", change: .set(Self.assignment(phase: "enRouteToPickup"))) { _ in
                throw Boom()
            }
        }
        // The failed transaction left no row, no phase change and no consumed eventSeq.
        #expect(try store.currentAssignment()?.phase == "takeoff")
        #expect(try store.pendingCount() == 1)
        #expect(try store.nextEventSeq() == 2)

        try store.appendEvent(topic: "t", change: .clear) { _ in Data("b".utf8) }
        #expect(try store.currentAssignment() == nil)
        #expect(try store.pendingEvents().map(\.eventSeq) == [1, 2])
    }

    @Test("acknowledged events leave the outbox; the rest keep their order")
    func acknowledge() throws {
        let directory = try TemporaryDirectory(prefix: "agent-store")
        defer { directory.remove() }
        let store = try AgentStore(path: directory.file("agent.sqlite").path)
        for _ in 0..<5 { try store.appendEvent(topic: "t") { Data("\($0)".utf8) } }
        try store.acknowledge(eventSeq: 1)
        try store.acknowledge(eventSeq: 3)
        #expect(try store.pendingEvents(limit: 2).map(\.eventSeq) == [2, 4])
        #expect(try store.pendingCount() == 3)
    }

    @Test("acknowledged events are kept for resend-events and go back to the outbox byte for byte")
    func requeuePublished() throws {
        let directory = try TemporaryDirectory(prefix: "agent-store")
        defer { directory.remove() }
        let store = try AgentStore(path: directory.file("agent.sqlite").path)
        for _ in 0..<4 { try store.appendEvent(topic: "t") { Data("event-\($0)".utf8) } }
        for seq in 1...3 { try store.acknowledge(eventSeq: Int64(seq)) }
        #expect(try store.pendingEvents().map(\.eventSeq) == [4])
        let (requeued, pruned) = try store.requeuePublished(fromSeq: 2)
        #expect(requeued == 2)
        #expect(pruned == 0)
        let pending = try store.pendingEvents()
        #expect(pending.map(\.eventSeq) == [2, 3, 4])
        #expect(pending.map { String(decoding: $0.payload, as: UTF8.self) } == ["event-2", "event-3", "event-4"])
        // Asking again while they wait changes nothing; once re-acknowledged they are kept again.
        #expect(try store.requeuePublished(fromSeq: 2).requeued == 0)
        for seq in 2...4 { try store.acknowledge(eventSeq: Int64(seq)) }
        #expect(try store.requeuePublished(fromSeq: 1).requeued == 4)
    }

    @Test("replies are cached per commandId and pruned after they expire")
    func replies() throws {
        let directory = try TemporaryDirectory(prefix: "agent-store")
        defer { directory.remove() }
        let store = try AgentStore(path: directory.file("agent.sqlite").path)
        let now = Date()
        let nowMs = Int64(now.timeIntervalSince1970 * 1000)
        try store.storeReply(StoredReply(commandID: "old", reply: Data("r0".utf8), expiresAt: nowMs + 1000), now: now)
        try store.storeReply(StoredReply(commandID: "c1", reply: Data("r1".utf8), expiresAt: nowMs + 60_000), now: now)
        #expect(try store.reply(for: "c1")?.reply == Data("r1".utf8))
        #expect(try store.reply(for: "old") != nil)
        try store.storeReply(
            StoredReply(commandID: "c2", reply: Data("r2".utf8), expiresAt: nowMs + 60_000),
            now: now.addingTimeInterval(10))
        #expect(try store.reply(for: "old") == nil)
        #expect(try store.reply(for: "c1") != nil && store.reply(for: "c2") != nil)
    }
}
