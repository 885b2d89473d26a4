import DroneAgent
import Foundation
import Logging
import MQTTClient
import TestSupport
import Testing

/// The outbox publisher against a real mosquitto: order, deletion only after PUBACK, resend after an outage.
@Suite("Outbox publisher")
struct OutboxPublisherTests {
    /// Collects what arrives on one topic.
    actor Collector {
        private(set) var payloads: [String] = []
        func add(_ payload: [UInt8]) { payloads.append(String(decoding: payload, as: UTF8.self)) }
    }

    static func client(_ broker: MosquittoBroker, id: String, persistent: Bool) async -> MQTTClient {
        MQTTClient(
            configuration: MQTTConfiguration(
                port: Int(await broker.port), clientID: "\(id)-\(UUID().uuidString.prefix(6))", cleanStart: !persistent,
                sessionExpiry: persistent ? .seconds(300) : .zero,
                reconnect: MQTTBackoff(minimum: .milliseconds(100), maximum: .milliseconds(500)),
                publishTimeout: .seconds(30)))
    }

    @Test("drains in eventSeq order, deletes after PUBACK, and resends what was stored while the broker was down")
    func drainAndOutage() async throws {
        let directory = try TemporaryDirectory(prefix: "outbox")
        defer { directory.remove() }
        let broker = try await MosquittoBroker.start()
        let store = try AgentStore(path: directory.file("agent.sqlite").path)
        let publisherClient = await Self.client(broker, id: "agent", persistent: true)
        let observer = await Self.client(broker, id: "observer", persistent: true)
        try await publisherClient.connect()
        try await observer.connect()
        let collector = Collector()
        let subscription = try await observer.subscribe(["test/events"], qos: .atLeastOnce)
        let reader = Task { for await message in subscription { await collector.add(message.payload) } }

        for _ in 0..<20 { try store.appendEvent(topic: "test/events") { Data("e\($0)".utf8) } }
        let signal = OutboxSignal()
        let publisher = OutboxPublisher(
            store: store, client: publisherClient, signal: signal, logger: Logger(label: "test"))
        #expect(try await publisher.drain(limit: 7) == 20)
        #expect(try store.pendingCount() == 0)
        try await waitUntil("20 received", timeout: .seconds(10)) { await collector.payloads.count == 20 }
        #expect(await collector.payloads == (1...20).map { "e\($0)" })

        // Broker down: events stay in the outbox until it is back, then arrive in order.
        await broker.stop()
        let running = Task { await publisher.run() }
        for _ in 0..<5 {
            try store.appendEvent(topic: "test/events") { Data("e\($0)".utf8) }
            signal.notify()
        }
        try await Task.sleep(for: .seconds(1))
        #expect(try store.pendingCount() == 5)
        try await broker.start()
        try await waitUntil("outbox drained", timeout: .seconds(20)) { (try? store.pendingCount()) == 0 }
        try await waitUntil("25 received", timeout: .seconds(10)) { await collector.payloads.count >= 25 }
        // At-least-once: a resend after a lost PUBACK may duplicate, never reorder or skip.
        var seen = Set<String>()
        let distinct = await collector.payloads.filter { seen.insert($0).inserted }
        #expect(distinct == (1...25).map { "e\($0)" })

        running.cancel()
        reader.cancel()
        await publisherClient.disconnect()
        await observer.disconnect()
        await broker.shutdown()
    }

    @Test("an event the broker refuses for good goes to the dead letters; the events after it still flow")
    func permanentRejectionDoesNotBlock() async throws {
        let directory = try TemporaryDirectory(prefix: "outbox-dead")
        defer { directory.remove() }
        // mosquitto answers a too-large QoS 1 PUBLISH with PUBACK 0x95 (packet too large) and stays connected.
        let broker = try await MosquittoBroker.start(options: .init(extraConfig: ["message_size_limit 1000"]))
        let store = try AgentStore(path: directory.file("agent.sqlite").path)
        let publisherClient = await Self.client(broker, id: "agent", persistent: false)
        let observer = await Self.client(broker, id: "observer", persistent: false)
        try await publisherClient.connect()
        try await observer.connect()
        let collector = Collector()
        let subscription = try await observer.subscribe(["test/events"], qos: .atLeastOnce)
        let reader = Task { for await message in subscription { await collector.add(message.payload) } }

        try store.appendEvent(topic: "test/events") { Data("e\($0)".utf8) }
        try store.appendEvent(topic: "test/events") { _ in Data(repeating: UInt8(ascii: "x"), count: 5000) }
        try store.appendEvent(topic: "test/events") { Data("e\($0)".utf8) }
        let publisher = OutboxPublisher(
            store: store, client: publisherClient, signal: OutboxSignal(), logger: Logger(label: "test"))
        #expect(try await publisher.drain(limit: 10) == 2)
        #expect(try store.pendingCount() == 0)
        let dead = try store.deadLetters()
        #expect(dead.map(\.eventSeq) == [2])
        #expect(dead.first?.reason.hasPrefix("PUBACK 149") == true, "\(dead)")
        try await waitUntil("both small events received", timeout: .seconds(10)) { await collector.payloads.count == 2 }
        #expect(await collector.payloads == ["e1", "e3"])

        reader.cancel()
        await publisherClient.disconnect()
        await observer.disconnect()
        await broker.shutdown()
    }
}
