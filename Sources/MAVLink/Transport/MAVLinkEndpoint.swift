/// Where a MAVLink link goes, written as PX4/MAVSDK-style URLs.
///
/// - `udp://[host]:port`: listen on a local UDP port and reply to the last peer heard (until pinned),
///   as PX4 SITL does on 14540. The host is the address bound; it defaults to the loopback
///   (127.0.0.1), where PX4 SITL and mavlink-router run beside the agent. `udp://0.0.0.0:port`
///   listens on every interface.
/// - `udpout://host:port`: send to a remote UDP port from an ephemeral local one.
/// - `serial:///dev/ttyX[:baud]`: a serial device in raw mode (baud defaults to 57600).
public enum MAVLinkEndpoint: Sendable, Hashable, CustomStringConvertible {
    case udpListen(host: String, port: Int)
    case udpConnect(host: String, port: Int)
    case serial(path: String, baudRate: Int)

    /// Address a `udp://:port` listener binds: the loopback, so only this computer can reach it.
    public static let defaultListenHost = "127.0.0.1"

    /// Serial speed when a `serial://` URL gives none (the usual telemetry-radio rate).
    public static let defaultBaudRate = 57600

    /// Parses an endpoint URL; see the type's documentation for the accepted forms.
    public init(_ string: String) throws(MAVLinkEndpointError) {
        if let rest = string.dropPrefix("udp://") {
            let (host, port) = try Self.hostAndPort(rest, in: string)
            self = .udpListen(host: host.isEmpty ? Self.defaultListenHost : host, port: port)
        } else if let rest = string.dropPrefix("udpout://") {
            let (host, port) = try Self.hostAndPort(rest, in: string)
            guard !host.isEmpty else { throw MAVLinkEndpointError(url: string, reason: "udpout needs a host") }
            self = .udpConnect(host: host, port: port)
        } else if let rest = string.dropPrefix("serial://") {
            guard rest.hasPrefix("/") else {
                throw MAVLinkEndpointError(url: string, reason: "serial needs an absolute device path")
            }
            if let colon = rest.lastIndex(of: ":") {
                guard let baud = Int(rest[rest.index(after: colon)...]), baud > 0 else {
                    throw MAVLinkEndpointError(url: string, reason: "baud rate is not a positive integer")
                }
                self = .serial(path: String(rest[..<colon]), baudRate: baud)
            } else {
                self = .serial(path: String(rest), baudRate: Self.defaultBaudRate)
            }
        } else {
            throw MAVLinkEndpointError(url: string, reason: "scheme must be udp://, udpout:// or serial://")
        }
    }

    public var description: String {
        switch self {
        case .udpListen(let host, let port): "udp://\(Self.bracketed(host)):\(port)"
        case .udpConnect(let host, let port): "udpout://\(Self.bracketed(host)):\(port)"
        case .serial(let path, let baudRate): "serial://\(path):\(baudRate)"
        }
    }

    private static func bracketed(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }

    private static func hostAndPort(_ text: Substring, in url: String) throws(MAVLinkEndpointError) -> (String, Int) {
        guard let colon = text.lastIndex(of: ":") else {
            throw MAVLinkEndpointError(url: url, reason: "missing :port")
        }
        guard let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            throw MAVLinkEndpointError(url: url, reason: "port must be 1...65535")
        }
        var host = text[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = host.dropFirst().dropLast()
        }
        return (String(host), port)
    }
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> Substring? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }
}
