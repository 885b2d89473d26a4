import Crypto
import Foundation

/// Business API keys: `sr_live_` + 32 random bytes in base64url. Only the SHA-256 is ever stored.
package enum APIKey {
    package static let prefix = "sr_live_"

    /// A fresh key from the system CSPRNG.
    package static func generate() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return prefix + base64URL(bytes)
    }

    /// Hex SHA-256 of a key, the form stored and looked up.
    package static func hash(_ key: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(SHA256.byteCount * 2)
        // Written out by hand: `String(format:)` per byte cost more than the hash itself.
        for byte in SHA256.hash(data: Data(key.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Compares two strings in time independent of where they first differ.
    package static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// Base64 with the URL alphabet and no padding. Mapped byte by byte: three `replacingOccurrences`
    /// passes were a visible share of every answer carrying a tracking token.
    static func base64URL(_ data: Data) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity((data.count + 2) / 3 * 4)
        for byte in data.base64EncodedData() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): bytes.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
