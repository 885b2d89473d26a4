import MQTTClient
import TestSupport
import Testing

@Suite("MQTTClient Last Will")
struct LastWillTests {
    @Test("a client killed with SIGKILL makes the broker publish its will")
    func willOnSigkill() async throws {
        try await withBroker { broker, port in
            let watcher = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "will-watcher"))
            try await watcher.connect()
            let wills = try await watcher.subscribe(["wills/+"], qos: .atLeastOnce)

            let directory = try TemporaryDirectory(prefix: "will")
            defer { directory.remove() }
            let victim = ChildProcess(
                executable: try ChildProcess.system("mosquitto_sub"),
                arguments: [
                    "-h", "127.0.0.1", "-p", "\(port)", "-i", "will-victim", "-V", "mqttv5", "-t", "anything",
                    "--will-topic", "wills/victim", "--will-payload", "offline", "--will-qos", "1",
                ],
                logFile: directory.file("mosquitto_sub.log")
            )
            try await victim.start()
            try await waitUntil("victim connected") { broker.log().contains("as will-victim") }
            await victim.kill()
            #expect(await victim.exitStatus == 128 + 9)

            let will = try await collect(1, from: wills).first
            #expect(will?.topic == "wills/victim")
            #expect(will?.payload == Array("offline".utf8))
            #expect(will?.qos == .atLeastOnce)

            // An orderly disconnect() of our own client must not publish its will.
            let polite = MQTTClient(
                configuration: MQTTConfiguration(
                    port: port, clientID: "polite",
                    will: MQTTWill(topic: "wills/polite", payload: Array("offline".utf8))))
            try await polite.connect()
            await polite.disconnect()
            try await watcher.publish("wills/marker", payload: [], qos: .atLeastOnce)
            let next = try await collect(1, from: wills).first
            #expect(next?.topic == "wills/marker")
            await watcher.disconnect()
        }
    }

    @Test("an MQTTClient process killed with SIGKILL: the broker publishes its will, retained as configured")
    func ownWillOnSigkill() async throws {
        try await withBroker { broker, port in
            let watcher = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "probe-watcher"))
            try await watcher.connect()
            let wills = try await watcher.subscribe(["probe/+/state"], qos: .atLeastOnce)

            let directory = try TemporaryDirectory(prefix: "probe-will")
            defer { directory.remove() }
            let probe = ChildProcess(
                executable: try ChildProcess.product("mqtt-probe"),
                arguments: ["\(port)", "probe-1", "probe/probe-1/state", "offline", "1"],
                logFile: directory.file("probe.log"))
            try await probe.start()
            try await waitUntil("probe connected") { probe.log().contains("connected") }
            await probe.kill()
            #expect(await probe.exitStatus == 128 + 9)

            let will = try await collect(1, from: wills).first
            #expect(will?.topic == "probe/probe-1/state")
            #expect(will?.payload == Array("offline".utf8))
            #expect(will?.qos == .atLeastOnce)
            // A live subscriber gets it as a normal publish; a late one gets the retained copy.
            #expect(will?.retain == false)
            let late = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "probe-late"))
            try await late.connect()
            let retained = try await collect(1, from: try await late.subscribe(["probe/+/state"], qos: .atLeastOnce))
                .first
            #expect(retained?.payload == Array("offline".utf8))
            #expect(retained?.retain == true)
            _ = broker
            await late.disconnect()
            await watcher.disconnect()
        }
    }

    @Test("our own will is published when the connection dies without DISCONNECT")
    func ownWillOnBrokerSideKick() async throws {
        try await withBroker { _, port in
            let watcher = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "own-watcher"))
            try await watcher.connect()
            let wills = try await watcher.subscribe(["wills/#"], qos: .atLeastOnce)
            let will = MQTTWill(topic: "wills/own", payload: Array("lost".utf8), qos: .atLeastOnce, retain: false)
            let first = MQTTClient(configuration: MQTTConfiguration(port: port, clientID: "own", will: will))
            try await first.connect()
            // A second client with the same id makes the broker drop the first one without a
            // DISCONNECT from it: the broker publishes the first one's will.
            let takeover = MQTTClient(
                configuration: MQTTConfiguration(
                    port: port, clientID: "own", reconnect: MQTTBackoff(minimum: .seconds(30))))
            try await takeover.connect()
            let message = try await collect(1, from: wills).first
            #expect(message?.topic == "wills/own")
            #expect(message?.payload == Array("lost".utf8))
            await first.disconnect()
            await takeover.disconnect()
            await watcher.disconnect()
        }
    }
}
