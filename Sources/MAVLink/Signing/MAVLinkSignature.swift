import Crypto
import Foundation

/// The MAVLink 2 signature block: link id (1 byte), timestamp (48-bit little-endian, 10 µs units since
/// 2015-01-01 00:00:00 UTC) and the first 6 bytes of
/// SHA-256(secret key + header + payload + checksum + link id + timestamp).
///
/// See the MAVLink guide, "Message Signing", and `mavlink_sign_packet` in the C library's
/// mavlink_helpers.h, which this follows byte for byte (cross-checked against pymavlink in tests).
public enum MAVLinkSignature {
    /// Seconds from the Unix epoch to 2015-01-01 00:00:00 UTC, the signing epoch.
    public static let epochOffsetSeconds: UInt64 = 1_420_070_400
    /// The largest timestamp 48 bits hold.
    public static let maxTimestamp: UInt64 = (1 << 48) - 1

    /// The signing timestamp of a wall-clock instant.
    public static func timestamp(at date: Date = Date()) -> UInt64 {
        let unixMicros = max(0, date.timeIntervalSince1970) * 1e6
        let sinceEpoch = max(0, unixMicros - Double(epochOffsetSeconds) * 1e6)
        return min(UInt64(sinceEpoch / 10), maxTimestamp)
    }

    /// The 6-byte signature of `frame` (from the start marker through the checksum).
    public static func compute(
        key: MAVLinkSigningKey,
        frame: some Collection<UInt8>,
        linkID: UInt8,
        timestamp: UInt64
    ) -> [UInt8] {
        var hash = SHA256()
        key.bytes.withUnsafeBytes { hash.update(bufferPointer: $0) }
        Array(frame).withUnsafeBytes { hash.update(bufferPointer: $0) }
        var tail: [UInt8] = [linkID]
        for i in 0..<6 { tail.append(UInt8(truncatingIfNeeded: timestamp >> (8 * UInt64(i)))) }
        tail.withUnsafeBytes { hash.update(bufferPointer: $0) }
        return Array(hash.finalize().prefix(6))
    }

    /// The timestamp stored in a 13-byte signature block.
    static func timestamp(ofBlock block: some Collection<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for (i, byte) in block.dropFirst().prefix(6).enumerated() { value |= UInt64(byte) << (8 * UInt64(i)) }
        return value
    }
}
