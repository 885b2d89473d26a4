import Foundation
import MAVLink
import TestSupport
import Testing

@Suite("firmware-sim executable")
struct ExecutableTests {
    @Test("--help documents ports, speed, faults and control commands")
    func help() throws {
        let output = try ChildProcess.run(try ChildProcess.product("firmware-sim"), ["--help"])
        for word in [
            "--base-port", "--remote-base-port", "--speed", "--seed", "--fault", "--control-port", "link-loss",
            "msg-loss", "SET_MESSAGE_INTERVAL",
        ] {
            #expect(output.contains(word), "help lacks \(word)")
        }
    }

    @Test("the process serves N vehicles on base-port+i and obeys its control port")
    func process() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let base = try FreePort.udpRange(count: 3)
        let control = try FreePort.next(.udp)
        let sim = ChildProcess(
            executable: try ChildProcess.product("firmware-sim"),
            arguments: [
                "--count", "3", "--around", "47.3977,8.5456,488", "--base-port", "\(base)", "--remote-base-port", "0",
                "--control-port", "\(control)", "--speed", "10", "--fault", "1:gps-loss",
            ],
            logFile: dir.file("sim.log")
        )
        try await sim.start()
        do {
            try await waitUntil("firmware-sim ready") { sim.log().contains("ready 3 drones") }
            #expect(sim.log().contains("drone 2 sysid 3 udp 127.0.0.1:\(Int(base) + 2)"))
            let peer = try await MAVLinkTestPeer(vehiclePort: Int(base) + 1)
            try await peer.send(Heartbeat(type: .gcs, autopilot: .invalid))
            _ = try await peer.next(Heartbeat.self)
            #expect(await peer.frames.first?.systemID == 2)
            // The start fault applies: drone 1 has no fix.
            #expect(try await peer.next(GPSRawInt.self).fixType == .noFix)
            #expect(try await peer.command(.componentArmDisarm, 1, target: 2) == .temporarilyRejected)
            let reply = try ControlClient.send("status", port: control)
            #expect(reply.split(separator: "\n").count == 3)
            #expect(reply.contains("drone 1 sysid 2 mode hold disarmed landed"))
            await peer.close()
        } catch {
            await sim.terminate()
            Issue.record("log:\n\(sim.log())")
            throw error
        }
        await sim.terminate()
    }
}

/// Sends one line to a control port and returns the reply (plain blocking socket with a timeout).
enum ControlClient {
    static func send(_ line: String, port: UInt16) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bytes = Array((line + "\n").utf8)
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let n = recv(fd, &buffer, buffer.count, 0)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }
}
