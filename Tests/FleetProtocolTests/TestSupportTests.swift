import Foundation
import Testing
import TestSupport

@Suite("Test support")
struct TestSupportTests {
    @Test("a real broker starts, carries a message, restarts on the same port")
    func brokerRoundTripAndRestart() async throws {
        let broker = try await MosquittoBroker.start()
        let tools = try TemporaryDirectory()
        defer { tools.remove() }
        let port = await broker.port
        let sub = ChildProcess(
            executable: try ChildProcess.system("mosquitto_sub"),
            arguments: ["-h", "127.0.0.1", "-p", "\(port)", "-t", "t/#", "-C", "1", "-q", "1"],
            logFile: tools.file("sub.log"))
        try await sub.start()
        try await Task.sleep(for: .milliseconds(300))
        let pub = try ChildProcess.system("mosquitto_pub")
        try ChildProcess.run(pub, ["-h", "127.0.0.1", "-p", "\(port)", "-t", "t/1", "-m", "hello", "-q", "1"])
        #expect(try await sub.waitForExit(timeout: .seconds(5)) == 0)
        #expect(sub.log().contains("hello"))

        try await broker.restart()
        #expect(await broker.port == port)
        #expect(FreePort.acceptsConnections(port: port))
        await broker.shutdown()
        #expect(!FreePort.acceptsConnections(port: port))
    }
}
