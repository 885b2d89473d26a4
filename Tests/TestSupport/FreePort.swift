import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Finds an unused loopback port for a server a test starts.
///
/// The port is released before returning, so there is a window in which another process could take it.
/// Ports come from below the kernel's ephemeral range: a port the kernel reports free there is also the
/// kind it hands the next outgoing socket (every UDP client and TCP connect of the parallel tests), and a
/// simulator once lost its port that way ("Address already in use"). Only if that range is too small is
/// the kernel asked (bind to port 0).
public enum FreePort {
    public enum Kind: Sendable { case tcp, udp }

    public static func next(_ kind: Kind = .tcp) throws -> UInt16 {
        for _ in 0..<200 {
            guard let port = randomBelowEphemeral(count: 1) else { break }
            if isFree(port: port, kind: kind) { return port }
        }
        return try kernelChoice(kind)
    }

    /// Lowest port the kernel hands out to sockets that bind no port (net.ipv4.ip_local_port_range).
    static let ephemeralLow: UInt16 = {
        let range = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        return range.split(whereSeparator: \.isWhitespace).first.flatMap { UInt16($0) } ?? 32_768
    }()

    /// A random first port of `count` consecutive ones between 10,000 and the ephemeral range, or nil when
    /// that range is too small.
    static func randomBelowEphemeral(count: Int) -> UInt16? {
        let low: UInt16 = 10_000
        guard ephemeralLow > low + UInt16(count) + 1_000 else { return nil }
        return UInt16.random(in: low...(ephemeralLow - UInt16(count)))
    }

    /// The port the kernel picks for a bind to port 0.
    static func kernelChoice(_ kind: Kind) throws -> UInt16 {
        let fd = socket(AF_INET, kind == .tcp ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError.system("socket", errno) }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw TestSupportError.system("bind", errno) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else { throw TestSupportError.system("getsockname", errno) }
        return UInt16(bigEndian: addr.sin_port)
    }

    /// A run of `count` consecutive free UDP ports (firmware-sim uses base port + index).
    public static func udpRange(count: Int) throws -> UInt16 {
        for _ in 0..<200 {
            let base =
                randomBelowEphemeral(count: count) ?? UInt16.random(in: 20_000...(60_000 - UInt16(count)))
            if (0..<count).allSatisfy({ isFree(port: base + UInt16($0), kind: .udp) }) { return base }
        }
        throw TestSupportError.noFreePorts(count)
    }

    public static func isFree(port: UInt16, kind: Kind) -> Bool {
        let fd = socket(AF_INET, kind == .tcp ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return withLoopbackAddress(port: port) { bind(fd, $0, $1) } == 0
    }

    /// True once something accepts TCP connections on 127.0.0.1:`port`.
    public static func acceptsConnections(port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return withLoopbackAddress(port: port) { connect(fd, $0, $1) } == 0
    }

    /// Calls `body` with 127.0.0.1:`port` as the `sockaddr` that bind/connect take.
    private static func withLoopbackAddress(port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32)
        -> Int32
    {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}
