/// CRC-16/MCRF4XX (the "X.25" checksum of the MAVLink spec): poly 0x1021 reflected, init 0xFFFF.
public struct MAVLinkCRC: Sendable, Hashable {
    /// The running checksum.
    public private(set) var value: UInt16 = 0xFFFF

    public init() {}

    /// Folds one byte into the checksum.
    public mutating func accumulate(_ byte: UInt8) {
        var tmp = byte ^ UInt8(truncatingIfNeeded: value)
        tmp ^= tmp << 4
        let t = UInt16(tmp)
        value = (value >> 8) ^ (t << 8) ^ (t << 3) ^ (t >> 4)
    }

    /// Folds bytes into the checksum.
    public mutating func accumulate(contentsOf bytes: some Sequence<UInt8>) {
        for byte in bytes {
            accumulate(byte)
        }
    }

    /// The checksum of `bytes` followed by `crcExtra`, as a MAVLink frame carries it.
    public static func checksum(_ bytes: some Sequence<UInt8>, crcExtra: UInt8) -> UInt16 {
        var crc = MAVLinkCRC()
        crc.accumulate(contentsOf: bytes)
        crc.accumulate(crcExtra)
        return crc.value
    }
}
