#if canImport(Glibc)
    import Glibc
#endif

/// A plain loopback UDP socket for tests that play a hostile or foreign peer: it sends arbitrary bytes
/// (garbage, forged or tampered frames) from its own port and reads what comes back.
public final class UDPDatagramSocket: @unchecked Sendable {
    private let fd: Int32
    /// The local port datagrams leave from.
    public let port: UInt16

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError.system("socket", errno) }
        var addr = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            close(fd)
            throw TestSupportError.system("bind", errno)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        port = UInt16(bigEndian: addr.sin_port)
    }

    deinit { close(fd) }

    /// Sends `bytes` as one datagram to 127.0.0.1:`port`.
    public func send(_ bytes: [UInt8], toPort port: Int) throws {
        var addr = Self.loopback(port: UInt16(port))
        let sent = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard sent == bytes.count else { throw TestSupportError.system("sendto", errno) }
    }

    /// Every datagram that arrives within `timeout` (wall time, not scaled: callers scale it).
    public func receive(for timeout: Duration) -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let left = deadline - ContinuousClock.now
            let millis = max(
                1, Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
            guard poll(&poller, 1, millis) > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, 0)
            if count > 0 { datagrams.append(Array(buffer[..<count])) }
        }
        return datagrams
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return addr
    }
}
