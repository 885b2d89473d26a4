/// Field validators shared by every message's `validate()`; each throws ``ProtocolError/invalidValue(path:reason:)``
/// naming the field.
///
/// The path is an autoclosure: a valid message (every telemetry sample) builds none of its field paths.
enum Check {
    static func finite(_ value: Double, _ path: @autoclosure () -> String) throws(ProtocolError) {
        guard value.isFinite else { throw .invalidValue(path: path(), reason: "must be a finite number, got \(value)") }
    }

    static func range(_ value: Double, _ bounds: ClosedRange<Double>, _ path: @autoclosure () -> String)
        throws(ProtocolError)
    {
        try finite(value, path())
        guard bounds.contains(value) else {
            throw .invalidValue(path: path(), reason: "\(value) outside \(bounds.lowerBound)...\(bounds.upperBound)")
        }
    }

    static func nonNegative(_ value: Double, _ path: @autoclosure () -> String) throws(ProtocolError) {
        try finite(value, path())
        guard value >= 0 else { throw .invalidValue(path: path(), reason: "must not be negative, got \(value)") }
    }

    static func positive(_ value: Double, _ path: @autoclosure () -> String) throws(ProtocolError) {
        try finite(value, path())
        guard value > 0 else { throw .invalidValue(path: path(), reason: "must be positive, got \(value)") }
    }

    static func nonNegative<I: BinaryInteger>(_ value: I, _ path: @autoclosure () -> String) throws(ProtocolError) {
        guard value >= 0 else { throw .invalidValue(path: path(), reason: "must not be negative, got \(value)") }
    }

    /// Identifiers (commandId, assignmentId, deliveryId): 1...128 bytes, no control characters.
    static func identifier(_ value: String, _ path: @autoclosure () -> String) throws(ProtocolError) {
        guard !value.isEmpty else { throw .invalidValue(path: path(), reason: "must not be empty") }
        guard value.utf8.count <= 128 else { throw .invalidValue(path: path(), reason: "longer than 128 bytes") }
        guard !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw .invalidValue(path: path(), reason: "contains control characters")
        }
    }

    static func text(_ value: String, maxBytes: Int, _ path: @autoclosure () -> String) throws(ProtocolError) {
        guard value.utf8.count <= maxBytes else {
            throw .invalidValue(path: path(), reason: "longer than \(maxBytes) bytes")
        }
    }
}
