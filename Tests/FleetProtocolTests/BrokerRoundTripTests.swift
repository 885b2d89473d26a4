import FleetProtocol
import Foundation
import TestSupport
import Testing

/// A real broker carries an encoded message between the mosquitto CLI tools unchanged.
@Suite("Broker round trip")
struct BrokerRoundTripTests {
    @Test("telemetry through mosquitto_pub → broker → mosquitto_sub decodes equal")
    func telemetryThroughBroker() async throws {
        let broker = try await MosquittoBroker.start()
        let files = try TemporaryDirectory()
        defer { files.remove() }
        let port = await broker.port
        let codec = FleetCodec()
        let telemetry = try Fixtures.telemetry(seq: 4242)
        let topic = FleetTopics.default.telemetry(telemetry.droneID)

        let payloadFile = files.file("payload.json")
        try codec.encode(telemetry).write(to: payloadFile)
        let received = files.file("received.json")
        // -N: no trailing newline, so the file holds exactly the payload bytes.
        let sub = ChildProcess(
            executable: try ChildProcess.system("sh"),
            arguments: [
                "-c",
                "exec mosquitto_sub -h 127.0.0.1 -p \(port) -t '\(FleetTopics.default.filter(.telemetry))' -C 1 -N > '\(received.path)'",
            ],
            logFile: files.file("sub.log"))
        try await sub.start()
        // Publish until the subscriber got one: it may not have subscribed yet (QoS 0 is not queued).
        let pub = try ChildProcess.system("mosquitto_pub")
        try await waitUntil("subscriber received the telemetry", timeout: .seconds(10), every: .milliseconds(200)) {
            try ChildProcess.run(pub, ["-h", "127.0.0.1", "-p", "\(port)", "-t", topic, "-f", payloadFile.path])
            return await !sub.isRunning
        }
        #expect(try await sub.waitForExit(timeout: .seconds(5)) == 0)
        let bytes = try [UInt8](Data(contentsOf: received))
        #expect(try codec.decode(Telemetry.self, from: bytes) == telemetry)
        await broker.shutdown()
    }
}
