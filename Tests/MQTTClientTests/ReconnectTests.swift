import MQTTClient
import Synchronization
import TestSupport
import Testing

@Suite("MQTTClient reconnect")
struct ReconnectTests {
    static let fastBackoff = MQTTBackoff(
        minimum: .milliseconds(50), maximum: .milliseconds(500), multiplier: 2, jitter: 0.5)

    @Test("broker down 5 s while publishing QoS 1 on persistent sessions: every acked message arrives")
    func brokerOutageWithPersistentSession() async throws {
        try await withBroker { broker, port in
            func configuration(_ id: String) -> MQTTConfiguration {
                MQTTConfiguration(
                    port: port, clientID: id, cleanStart: false, sessionExpiry: .seconds(300),
                    reconnect: Self.fastBackoff, receiveBufferCapacity: 100_000, publishTimeout: .seconds(20)
                )
            }
            let subscriber = MQTTClient(configuration: configuration("outage-sub"))
            let publisher = MQTTClient(configuration: configuration("outage-pub"))
            try await subscriber.connect()
            try await publisher.connect()
            let subscription = try await subscriber.subscribe(["outage/#"], qos: .atLeastOnce)
            let states = publisher.connectionStates()

            // Publishes until told to stop; a publish issued during the outage waits for the
            // reconnect (documented behaviour) and must still be acknowledged.
            let stop = Atomic<Bool>(false)
            let publishing = Task {
                var acked: [Int] = []
                var sequence = 0
                var longest = Duration.zero
                while !stop.load(ordering: .relaxed) {
                    let started = ContinuousClock.now
                    try await publisher.publish("outage/t", payload: Array("\(sequence)".utf8), qos: .atLeastOnce)
                    longest = max(longest, ContinuousClock.now - started)
                    acked.append(sequence)
                    sequence += 1
                    try await Task.sleep(for: .milliseconds(5))
                }
                return (acked, longest)
            }
            try await Task.sleep(for: .milliseconds(500))
            await broker.stop()
            let outageStarted = ContinuousClock.now
            // During the outage QoS 0 fails at once instead of waiting.
            try await waitUntil("publisher notices the outage") { await !publisher.isConnected }
            await #expect(throws: MQTTError.notConnected) {
                try await publisher.publish("outage/q0", payload: [1], qos: .atMostOnce)
            }
            try await Task.sleep(until: outageStarted + .seconds(5))
            try await broker.start()
            try await waitUntil("publisher reconnects", timeout: .seconds(10)) { await publisher.isConnected }
            try await Task.sleep(for: .milliseconds(500))
            stop.store(true, ordering: .relaxed)
            let (acked, longestPublish) = try await publishing.value
            // The publish issued as the broker went away waited through the outage for its PUBACK
            // (it neither threw nor returned early).
            #expect(longestPublish > .seconds(3), "longest QoS 1 publish took \(longestPublish)")

            let wanted = Set(acked)
            let messages = try await collect(from: subscription, timeout: .seconds(15), what: "every acked message") {
                messages in
                Set(messages.map { Int(String(decoding: $0.payload, as: UTF8.self)) ?? -1 }).isSuperset(of: wanted)
            }
            let received = Set(messages.map { Int(String(decoding: $0.payload, as: UTF8.self)) ?? -1 })
            // A loaded machine publishes fewer; what matters is that there were some on both sides of the outage.
            #expect(acked.count > 20)
            #expect(received.isSuperset(of: acked))

            var seen: [MQTTConnectionState] = []
            for await state in states {
                seen.append(state)
                if case .connected = state, seen.count > 1 { break }
            }
            #expect(seen.first == .connected(sessionPresent: false))
            #expect(seen.contains { if case .disconnected = $0 { true } else { false } })
            #expect(seen.last == .connected(sessionPresent: true))
            #expect(publisher.statistics.connectionLosses == 1)
            await publisher.disconnect()
            await subscriber.disconnect()
        }
    }

    @Test("clean session: subscriptions are sent again after the broker restarts")
    func resubscribeAfterCleanReconnect() async throws {
        try await withBroker { broker, port in
            let client = MQTTClient(
                configuration: MQTTConfiguration(port: port, clientID: "resub", reconnect: Self.fastBackoff))
            try await client.connect()
            let subscription = try await client.subscribe(["resub/+"], qos: .atLeastOnce)
            try await broker.restart()
            try await waitUntil("reconnect") { await client.isConnected && client.statistics.connects == 2 }
            // The resubscribe is asynchronous; keep publishing until one comes through.
            try await waitUntil("message after resubscribe") {
                try await client.publish("resub/x", payload: [42], qos: .atLeastOnce)
                return client.statistics.received > 0
            }
            let first = try await collect(1, from: subscription)
            #expect(first.first?.payload == [42])
            await client.disconnect()
        }
    }

    @Test("QoS 1 publish while the broker stays down waits, then throws notConnected")
    func publishTimesOutWhileDown() async throws {
        try await withBroker { broker, port in
            let client = MQTTClient(
                configuration: MQTTConfiguration(
                    port: port, clientID: "down", reconnect: Self.fastBackoff, publishTimeout: .milliseconds(800)))
            try await client.connect()
            await broker.stop()
            try await waitUntil("disconnect noticed") { await !client.isConnected }
            let started = ContinuousClock.now
            await #expect(throws: MQTTError.notConnected) {
                try await client.publish("down/x", payload: [1], qos: .atLeastOnce)
            }
            #expect(ContinuousClock.now - started >= .milliseconds(700))
            await client.disconnect()
            await #expect(throws: MQTTError.notConnected) {
                try await client.publish("down/x", payload: [1], qos: .atLeastOnce)
            }
        }
    }

    @Test(
        "a persistent session's queued QoS 1 messages, sent right after CONNACK, reach the subscription made after connect"
    )
    func queuedMessagesWaitForTheSubscription() async throws {
        try await withBroker { _, port in
            let configuration = MQTTConfiguration(
                port: port, clientID: "queued-sub", cleanStart: false, sessionExpiry: .seconds(300))
            let first = MQTTClient(configuration: configuration)
            try await first.connect()
            _ = try await first.subscribe(["queued/#"], qos: .atLeastOnce)
            await first.disconnect()

            let publisher = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "queued-pub"))
            try await publisher.connect()
            for n in 0..<200 {
                try await publisher.publish("queued/\(n % 3)", payload: Array("\(n)".utf8), qos: .atLeastOnce)
            }
            try await publisher.publish("elsewhere/x", payload: Array("not queued".utf8), qos: .atLeastOnce)
            await publisher.disconnect()

            // The broker flushes the session queue as soon as we connect; the subscription comes later.
            let second = MQTTClient(configuration: configuration)
            try await second.connect()
            try await Task.sleep(for: .milliseconds(300))
            let subscription = try await second.subscribe(["queued/#"], qos: .atLeastOnce)
            let messages = try await collect(200, from: subscription)
            #expect(messages.map { String(decoding: $0.payload, as: UTF8.self) } == (0..<200).map { "\($0)" })
            #expect(second.statistics.unrouted == 0)
            await second.disconnect()
        }
    }
}
