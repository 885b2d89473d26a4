import MQTTClient
import TestSupport
import Testing

@Suite("MQTTClient basics against a real broker")
struct BasicPubSubTests {
    @Test("publish QoS 0/1/2 and receive with v5 properties, wildcards and $share")
    func publishSubscribeRoundTrip() async throws {
        try await withBroker { _, port in
            let client = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "basic-\(port)"))
            try await client.connect()

            // Overlapping filters on one connection make the broker deliver one copy per matching
            // subscription, so the shared subscription lives on a second client.
            let wildcard = try await client.subscribe(["sky/+/telemetry", "other/#"], qos: .exactlyOnce)
            let sharedClient = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "shared-\(port)"))
            try await sharedClient.connect()
            let shared = try await sharedClient.subscribe(["$share/ground/sky/#"], qos: .atLeastOnce)
            let properties = MQTTPublishProperties(
                contentType: "application/json",
                messageExpiry: 60,
                userProperties: [MQTTUserProperty("schema", "1"), MQTTUserProperty("schema", "2")]
            )
            for qos in MQTTQoS.allCases {
                try await client.publish(
                    "sky/d1/telemetry", payload: Array("q\(qos.rawValue)".utf8), qos: qos, properties: properties)
            }

            let received = try await collect(3, from: wildcard)
            #expect(received.map { String(decoding: $0.payload, as: UTF8.self) } == ["q0", "q1", "q2"])
            #expect(received.map(\.qos) == [.atMostOnce, .atLeastOnce, .exactlyOnce])
            #expect(received.allSatisfy { $0.topic == "sky/d1/telemetry" && !$0.retain })
            #expect(received.first?.properties.contentType == "application/json")
            #expect(received.first?.properties.messageExpiry.map { $0 <= 60 && $0 > 0 } == true)
            #expect(received.first?.properties.userProperties == properties.userProperties)

            let sharedMessages = try await collect(3, from: shared)
            #expect(sharedMessages.allSatisfy { $0.topic == "sky/d1/telemetry" })
            let stats = client.statistics
            #expect(stats.received == 3)
            #expect(stats.published == 3)
            #expect(stats.acknowledged == 2)
            #expect(sharedClient.statistics.received == 3)
            await client.disconnect()
            await sharedClient.disconnect()
        }
    }

    @Test("MQTT 3.1.1 when asked: QoS 1 round trip, and a retained message reaches a late subscriber flagged retained")
    func v311AndRetained() async throws {
        try await withBroker { broker, port in
            let old = MQTTClient(
                configuration: MQTTConfiguration(port: port, clientID: "v311-\(port)", protocolVersion: .v311))
            try await old.connect()
            let live = try await old.subscribe(["legacy/#"], qos: .atLeastOnce)
            try await old.publish("legacy/state", payload: Array("up".utf8), qos: .atLeastOnce, retain: true)
            let first = try await collect(1, from: live).first
            #expect(first?.payload == Array("up".utf8))
            #expect(first?.retain == false)
            // mosquitto logs its protocol id of each connection: p2 is MQTT 3.1.1, p5 is MQTT 5.
            try await waitUntil("broker logs a 3.1.1 connection") { broker.log().contains("as v311-\(port) (p2,") }

            let late = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "late-\(port)"))
            try await late.connect()
            let retained = try await collect(1, from: try await late.subscribe(["legacy/#"], qos: .atLeastOnce)).first
            #expect(retained?.topic == "legacy/state")
            #expect(retained?.payload == Array("up".utf8))
            #expect(retained?.retain == true)
            await late.disconnect()
            await old.disconnect()
        }
    }

    @Test(
        "subscriptions delivering into the caller's own stream: every group's messages in order, the end reported once each"
    )
    func deliverIntoOneStream() async throws {
        try await withBroker { _, port in
            let client = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "deliver-\(port)"))
            try await client.connect()
            let (stream, input) = AsyncStream.makeStream(of: MQTTMessage.self)
            let ends = AsyncStream.makeStream(of: Void.self)
            for filters in [["sky/+/telemetry"], ["sky/+/state", "other/#"]] {
                let granted = try await client.subscribe(
                    filters, qos: .atLeastOnce,
                    deliver: { messages in
                        for message in messages { input.yield(message) }
                        return 0
                    },
                    ended: { ends.continuation.yield() })
                #expect(granted == Array(repeating: .atLeastOnce, count: filters.count))
            }
            let topics = ["sky/d1/telemetry", "sky/d1/state", "other/x", "sky/d2/telemetry"]
            for (index, topic) in topics.enumerated() {
                try await client.publish(topic, payload: Array("m\(index)".utf8), qos: .atLeastOnce)
            }
            var received: [MQTTMessage] = []
            for await message in stream {
                received.append(message)
                if received.count == topics.count { break }
            }
            #expect(received.map(\.topic) == topics)
            #expect(received.map { String(decoding: $0.payload, as: UTF8.self) } == ["m0", "m1", "m2", "m3"])
            await client.disconnect()
            ends.continuation.finish()
            var ended = 0
            for await _ in ends.stream { ended += 1 }
            #expect(ended == 2)
        }
    }
}
