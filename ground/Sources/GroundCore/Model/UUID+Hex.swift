import Foundation

extension UUID {
    /// The 32 lower-case hex digits of the UUID without dashes: `uuidString` lower-cased with its dashes
    /// removed, written from the bytes (Foundation's string replacement cost a booking 2 % of ground's CPU).
    package var lowercaseHex: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 32) { buffer in
                for (index, byte) in bytes.enumerated() {
                    buffer[2 * index] = Self.hexDigits[Int(byte >> 4)]
                    buffer[2 * index + 1] = Self.hexDigits[Int(byte & 0x0F)]
                }
                return 32
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
