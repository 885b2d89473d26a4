import Foundation
import TestSupport
import Testing

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

    @Test("spawned children inherit only stdin/stdout/stderr, not the test process's other descriptors")
    func childrenInheritNoStrayDescriptors() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let openPipe = Pipe() // a descriptor the child must not hold on to
        let child = ChildProcess(
            executable: try ChildProcess.system("sh"), arguments: ["-c", "ls /proc/$$/fd"],
            logFile: dir.file("fds.log"))
        try await child.start()
        #expect(try await child.waitForExit(timeout: .seconds(5)) == 0)
        let descriptors = Set(child.log().split(whereSeparator: \.isNewline).map(String.init))
        #expect(descriptors.isSubset(of: ["0", "1", "2"]), "child holds \(descriptors.sorted())")
        try openPipe.fileHandleForWriting.close()
    }
}
