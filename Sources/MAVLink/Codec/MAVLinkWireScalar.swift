/// A fixed-size value stored little-endian in a MAVLink payload.
///
/// One bit-pattern conversion for integers and floats lets a single reader/writer serve every field.
protocol MAVLinkWireScalar {
    static var wireSize: Int { get }
    init(wireBits: UInt64)
    var wireBits: UInt64 { get }
}

extension MAVLinkWireScalar where Self: FixedWidthInteger {
    static var wireSize: Int { MemoryLayout<Self>.size }
    init(wireBits: UInt64) { self.init(truncatingIfNeeded: wireBits) }
    var wireBits: UInt64 { UInt64(truncatingIfNeeded: self) }
}

extension UInt8: MAVLinkWireScalar {}
extension Int8: MAVLinkWireScalar {}
extension UInt16: MAVLinkWireScalar {}
extension Int16: MAVLinkWireScalar {}
extension UInt32: MAVLinkWireScalar {}
extension Int32: MAVLinkWireScalar {}
extension UInt64: MAVLinkWireScalar {}
extension Int64: MAVLinkWireScalar {}

extension Float: MAVLinkWireScalar {
    static var wireSize: Int { 4 }
    init(wireBits: UInt64) { self.init(bitPattern: UInt32(truncatingIfNeeded: wireBits)) }
    var wireBits: UInt64 { UInt64(bitPattern) }
}

extension Double: MAVLinkWireScalar {
    static var wireSize: Int { 8 }
    init(wireBits: UInt64) { self.init(bitPattern: wireBits) }
    var wireBits: UInt64 { bitPattern }
}
