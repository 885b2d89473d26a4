/// The reverse proxies whose report of the client's address is believed, and the header they write it in.
///
/// Only when the connection's peer is one of them: the header's addresses are read from the right
/// (each proxy appends the address it received the request from), skipping trusted proxies, and the
/// first address not trusted is the client. Addresses further left were written by the client itself
/// and are ignored, so a client cannot choose its rate-limit bucket.
package struct TrustedProxies: Sendable, Hashable {
    package enum Header: String, Sendable, Hashable, CaseIterable {
        /// `X-Forwarded-For: client, proxy1, proxy2`
        case xForwardedFor = "x-forwarded-for"
        /// RFC 7239 `Forwarded: for=client;proto=https, for="[2001:db8::1]:4711"`
        case forwarded
    }

    package var blocks: [AddressBlock]
    package var header: Header

    package init(blocks: [AddressBlock] = [], header: Header = .xForwardedFor) {
        self.blocks = blocks
        self.header = header
    }

    /// No proxy trusted: the socket peer is the client.
    package static let none = TrustedProxies()

    package func trusts(_ address: String) -> Bool {
        guard let bytes = AddressBlock.bytes(of: address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The client's address for a request from `peer` carrying `headerValues` (every line of the
    /// configured header, in order).
    package func clientAddress(peer: String?, headerValues: [String]) -> String? {
        guard let peer, trusts(peer), !headerValues.isEmpty else { return peer }
        let hops = headerValues.flatMap { header == .forwarded ? Self.forwardedFor($0) : Self.xForwardedFor($0) }
        var client = peer
        for hop in hops.reversed() {
            // A hop that is not an address ("unknown", garbage): the chain cannot be followed past it,
            // so the last proxy that wrote a readable one stands for the client.
            guard AddressBlock.bytes(of: hop) != nil else { return client }
            client = hop
            if !trusts(hop) { return hop }
        }
        return client
    }

    static func xForwardedFor(_ value: String) -> [String] {
        value.split(separator: ",").map { stripPort(String($0).trimmingSpaces()) }
    }

    static func forwardedFor(_ value: String) -> [String] {
        value.split(separator: ",").compactMap { element in
            for pair in element.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, String(parts[0]).trimmingSpaces().lowercased() == "for" else { continue }
                var node = String(parts[1]).trimmingSpaces()
                if node.hasPrefix("\""), node.hasSuffix("\""), node.count >= 2 {
                    node = String(node.dropFirst().dropLast())
                }
                return stripPort(node)
            }
            return nil
        }
    }

    /// `[v6]:port` → `v6`, `v4:port` → `v4`; a bare IPv6 address is left whole.
    static func stripPort(_ node: String) -> String {
        if node.hasPrefix("["), let close = node.firstIndex(of: "]") {
            return String(node[node.index(after: node.startIndex)..<close])
        }
        let colons = node.filter { $0 == ":" }.count
        if colons == 1, let colon = node.firstIndex(of: ":") { return String(node[..<colon]) }
        return node
    }
}
