#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address block in CIDR notation (`10.0.0.0/8`, `::1/128`; a bare address is a
/// single-address block), for matching the peers trusted to report the client's address.
package struct AddressBlock: Sendable, Hashable, CustomStringConvertible {
    /// 4 or 16 bytes.
    let network: [UInt8]
    let prefixLength: Int

    /// Parses `address[/prefix]`; throws naming what is wrong.
    package init(_ text: String) throws(AddressBlockError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.bytes(of: String(parts[0])) else {
            throw AddressBlockError(text: text, problem: "not an IP address")
        }
        let bits = bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...bits).contains(parsed) else {
                throw AddressBlockError(text: text, problem: "prefix length must be 0...\(bits)")
            }
            length = parsed
        }
        network = Self.masked(bytes, length)
        prefixLength = length
    }

    package func contains(_ address: [UInt8]) -> Bool {
        address.count == network.count && Self.masked(address, prefixLength) == network
    }

    package var description: String {
        let text =
            network.count == 4
            ? network.map(String.init).joined(separator: ".")
            : stride(from: 0, to: 16, by: 2).map {
                String(UInt16(network[$0]) << 8 | UInt16(network[$0 + 1]), radix: 16)
            }.joined(separator: ":")
        return "\(text)/\(prefixLength)"
    }

    /// The address's bytes (4 for IPv4, 16 for IPv6; an IPv4-mapped IPv6 address becomes its IPv4
    /// form), or nil when `text` is not an address.
    package static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return Array(bytes[12...]) }
        return bytes
    }

    static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let keep = min(8, max(0, length - index * 8))
            return keep == 8 ? byte : byte & ~(UInt8(0xFF) >> keep)
        }
    }
}

/// A `--trusted-proxy` value that is not an address block.
package struct AddressBlockError: Error, Sendable, CustomStringConvertible {
    package let text: String
    package let problem: String
    package var description: String { "invalid address block \"\(text)\": \(problem)" }
}
