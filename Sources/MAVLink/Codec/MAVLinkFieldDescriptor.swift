/// Describes one field of a message as it is laid out on the wire.
public struct MAVLinkFieldDescriptor: Sendable, Hashable {
    /// The base wire type of a field.
    public enum FieldType: String, Sendable, Hashable {
        case uint8, int8, uint16, int16, uint32, int32, uint64, int64, float, double, char

        /// Bytes one element takes on the wire.
        public var size: Int {
            switch self {
            case .uint8, .int8, .char: 1
            case .uint16, .int16: 2
            case .uint32, .int32, .float: 4
            case .uint64, .int64, .double: 8
            }
        }
    }

    /// Field name as in the XML (snake case), which is also pymavlink's attribute name.
    public var name: String
    public var type: FieldType
    /// Element count for arrays (`char[50]` → 50), 0 for a scalar.
    public var arrayLength: Int
    /// Whether the field follows `<extensions/>` (MAVLink 2 only, not part of CRC_EXTRA).
    public var isExtension: Bool

    public init(name: String, type: FieldType, arrayLength: Int, isExtension: Bool) {
        self.name = name
        self.type = type
        self.arrayLength = arrayLength
        self.isExtension = isExtension
    }

    /// Bytes the whole field takes on the wire.
    public var wireLength: Int { type.size * max(1, arrayLength) }
}
