// A bare MQTTClient in its own process:
//   mqtt-probe PORT CLIENT_ID WILL_TOPIC WILL_PAYLOAD RETAIN(0|1)          connect, print "connected", idle until killed
//   mqtt-probe PORT CLIENT_ID WILL_TOPIC WILL_PAYLOAD RETAIN(0|1) --cycle  connect, subscribe, publish QoS 1, receive it,
//                                                                       disconnect, release the client, exit 0
// The first is the Last Will test's victim (SIGKILL); the second is a whole client life cycle to run under
// LeakSanitizer (docs/operations.md).
import Foundation
import MQTTClient

/// Unbuffered, so a test reading the log sees each line as soon as it is written.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

func makeClient(_ arguments: [String], port: Int) -> MQTTClient {
    let will = MQTTWill(
        topic: arguments[3], payload: Array(arguments[4].utf8), qos: .atLeastOnce, retain: arguments[5] == "1")
    return MQTTClient(configuration: MQTTConfiguration(port: port, clientID: arguments[2], will: will))
}

/// Connect, round-trip one QoS 1 message, disconnect; the client is released when this returns.
func cycle(_ arguments: [String], port: Int) async throws {
    let client = makeClient(arguments, port: port)
    try await client.connect()
    say("connected")
    let topic = "probe/\(arguments[2])/cycle"
    let subscription = try await client.subscribe([topic], qos: .atLeastOnce)
    try await client.publish(topic, payload: Array("ping".utf8), qos: .atLeastOnce)
    for await message in subscription {
        say("received \(String(decoding: message.payload, as: UTF8.self))")
        break
    }
    await client.disconnect()
    say("disconnected")
}

let arguments = CommandLine.arguments
guard arguments.count == 6 || arguments.count == 7 && arguments[6] == "--cycle", let port = Int(arguments[1]) else {
    FileHandle.standardError.write(
        Data("usage: mqtt-probe PORT CLIENT_ID WILL_TOPIC WILL_PAYLOAD RETAIN(0|1) [--cycle]\n".utf8))
    exit(2)
}
do {
    if arguments.count == 7 {
        try await cycle(arguments, port: port)
        // Let the client's last tasks (event loop, loop thread) finish before the leak check at exit.
        try await Task.sleep(for: .milliseconds(500))
        say("released")
    } else {
        let client = makeClient(arguments, port: port)
        try await client.connect()
        say("connected")
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
} catch {
    FileHandle.standardError.write(Data("mqtt-probe: \(error)\n".utf8))
    exit(1)
}
