import MQTTClient
import TestSupport
import Testing

@Suite("MQTTClient throughput")
struct ThroughputTests {
    @Test("10,000 QoS 1 messages arrive once each, in order per topic")
    func tenThousandQoS1() async throws {
        try await withBroker { _, port in
            let topics = 8
            let perTopic = 1_250
            let subscriber = MQTTClient(
                configuration: MQTTConfiguration(port: port, clientID: "load-sub", receiveBufferCapacity: 20_000))
            let publisher = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "load-pub"))
            try await subscriber.connect()
            try await publisher.connect()
            let subscription = try await subscriber.subscribe(["load/+"], qos: .atLeastOnce)

            let clock = ContinuousClock()
            let started = clock.now
            // One sequential publisher per topic keeps each topic's order; the topics run concurrently.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for topic in 0..<topics {
                    group.addTask {
                        for sequence in 0..<perTopic {
                            try await publisher.publish(
                                "load/\(topic)", payload: Array("\(sequence)".utf8), qos: .atLeastOnce)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let messages = try await collect(topics * perTopic, from: subscription, timeout: .seconds(30))
            let elapsed = clock.now - started

            var byTopic: [String: [Int]] = [:]
            for message in messages {
                byTopic[message.topic, default: []].append(Int(String(decoding: message.payload, as: UTF8.self)) ?? -1)
            }
            #expect(byTopic.count == topics)
            for (topic, sequences) in byTopic {
                #expect(sequences == Array(0..<perTopic), "order or content wrong on \(topic)")
            }
            #expect(publisher.statistics.acknowledged == topics * perTopic)
            #expect(subscriber.statistics.dropped == 0)
            print("10,000 QoS 1 messages round trip in \(elapsed)")
            #expect(elapsed < .seconds(30))
            await publisher.disconnect()
            await subscriber.disconnect()
        }
    }

    @Test("a slow consumer's buffer is bounded and drops are counted")
    func boundedBuffer() async throws {
        try await withBroker { _, port in
            let subscriber = MQTTClient(
                configuration: MQTTConfiguration(port: port, clientID: "slow-sub", receiveBufferCapacity: 10))
            let publisher = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "slow-pub"))
            try await subscriber.connect()
            try await publisher.connect()
            let subscription = try await subscriber.subscribe(["slow/#"], qos: .atLeastOnce)
            for sequence in 0..<100 {
                try await publisher.publish("slow/t", payload: Array("\(sequence)".utf8), qos: .atLeastOnce)
            }
            // `received` counts a message before it is routed to the subscription: wait for the routing too.
            try await waitUntil("100 messages received and routed") {
                subscriber.statistics.received == 100 && subscription.droppedCount >= 90
            }
            #expect(subscriber.statistics.dropped == 90)
            #expect(subscription.droppedCount == 90)
            // Default policy drops the newest: what is kept is the first 10, gap-free.
            let kept = try await collect(10, from: subscription)
            #expect(kept.map { String(decoding: $0.payload, as: UTF8.self) } == (0..<10).map(String.init))
            await publisher.disconnect()
            await subscriber.disconnect()
        }
    }

    @Test("dropOldest keeps the latest messages of a slow consumer and counts the rest")
    func boundedBufferDropOldest() async throws {
        try await withBroker { _, port in
            let subscriber = MQTTClient(
                configuration: MQTTConfiguration(
                    port: port, clientID: "latest-sub", receiveBufferCapacity: 10, receiveBufferPolicy: .dropOldest))
            let publisher = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "latest-pub"))
            try await subscriber.connect()
            try await publisher.connect()
            let subscription = try await subscriber.subscribe(["latest/#"], qos: .atLeastOnce)
            for sequence in 0..<100 {
                try await publisher.publish("latest/t", payload: Array("\(sequence)".utf8), qos: .atLeastOnce)
            }
            // `received` counts a message before it is routed to the subscription: wait for the routing too.
            try await waitUntil("100 messages received and routed") {
                subscriber.statistics.received == 100 && subscription.droppedCount >= 90
            }
            #expect(subscription.droppedCount == 90)
            let kept = try await collect(10, from: subscription)
            #expect(kept.map { String(decoding: $0.payload, as: UTF8.self) } == (90..<100).map(String.init))
            await publisher.disconnect()
            await subscriber.disconnect()
        }
    }
}
