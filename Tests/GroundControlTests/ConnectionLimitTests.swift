import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 18 point 5: the real ground-control process over real TCP sockets. Half-sent requests are
/// closed after the header timeout, idle keep-alive connections after the idle timeout, and one
/// address cannot hold more than the configured number of connections.
@Suite("HTTP connection limits", .serialized, .timeLimit(TestPace.timeLimit(minutes: 2)))
struct ConnectionLimitTests {
    /// A plain blocking TCP socket to 127.0.0.1 (the test is the hostile client).
    final class RawConnection {
        let fd: Int32

        init(port: UInt16) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard result == 0 else { throw TestSupportError.timeout("connect to \(port): errno \(errno)") }
        }

        func send(_ text: String) {
            _ = text.utf8CString.withUnsafeBufferPointer {
                Glibc.send(fd, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL))
            }
        }

        /// Reads what arrives within `timeout`; `closed` when the server closed (or reset) the connection.
        func read(within timeout: Duration) -> (text: String, closed: Bool) {
            var text = ""
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let left = deadline - ContinuousClock.now
                let ms = Int32(
                    max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
                guard poll(&poller, 1, ms) > 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = recv(fd, &buffer, buffer.count, 0)
                if count <= 0 { return (text, true) }
                text += String(decoding: buffer[0..<count], as: UTF8.self)
            }
            return (text, false)
        }

        deinit { close(fd) }
    }

    @Test("half-sent requests are closed, idle ones too, and one address gets at most the cap")
    func halfSentIdleAndPerAddressCap() async throws {
        let broker = try await MosquittoBroker.start()
        let dir = try TemporaryDirectory()
        let header = 1.0 * TestPace.slowdown
        let idle = 2.0 * TestPace.slowdown
        let station = try await GroundStation.start(
            dir: dir, mqttURL: await broker.url,
            extra: [
                "--http-header-timeout", "\(header)", "--http-idle-timeout", "\(idle)", "--max-connections-per-address",
                "20",
            ])
        let port = station.port

        // 20 slowloris connections: each sends part of its headers and then a byte now and then.
        var slow: [RawConnection] = []
        for _ in 0..<20 {
            let connection = try RawConnection(port: port)
            connection.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(connection)
        }
        // The 21st from the same address is refused at once.
        let extra = try RawConnection(port: port)
        #expect(extra.read(within: .seconds(5)).closed, "connection above the per-address cap closed")
        for connection in slow { connection.send("X-Slow: 1\r\n") }
        // Every half-sent request is closed once the header timeout passes (no response, just closed).
        for (index, connection) in slow.enumerated() {
            let (text, closed) = connection.read(within: TestPace.scaled(.seconds(8)))
            #expect(closed, "half-sent connection \(index) closed")
            #expect(!text.contains("200 OK"), "\(text)")
        }
        slow.removeAll()

        // With the slots free again a complete request is served, and the kept-alive connection is
        // closed once it has been idle for the idle timeout.
        let keptAlive = try RawConnection(port: port)
        keptAlive.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let started = ContinuousClock.now
        var (text, closed) = keptAlive.read(within: .seconds(2))
        #expect(text.hasPrefix("HTTP/1.1 200"), "\(text)")
        if !closed { (_, closed) = keptAlive.read(within: TestPace.scaled(.seconds(10))) }
        #expect(closed, "idle keep-alive connection closed")
        #expect(ContinuousClock.now - started >= .milliseconds(Int(idle * 1000) - 200), "not before the idle timeout")

        let metrics = try await station.metricsText()
        #expect(metrics.contains(#"skyrelay_http_connections_closed_total{reason="per_address_limit"}"#), "\(metrics)")
        #expect(metrics.contains(#"skyrelay_http_connections_closed_total{reason="header_timeout"}"#), "\(metrics)")
        await station.process.kill()
        await broker.shutdown()
        dir.remove()
    }
}
