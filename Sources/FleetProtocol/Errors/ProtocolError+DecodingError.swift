extension ProtocolError {
    /// Maps Foundation's `DecodingError` to the protocol's typed error, keeping the coding path so the
    /// bad field is named precisely.
    init(_ error: DecodingError) {
        switch error {
        case let .keyNotFound(key, context):
            self = .missingField(path: CodingPath.render(context.codingPath, appending: key))
        case let .typeMismatch(type, context):
            self = .wrongType(path: CodingPath.render(context.codingPath), expected: Self.jsonTypeName(type))
        case let .valueNotFound(type, context):
            self = .wrongType(
                path: CodingPath.render(context.codingPath), expected: "non-null \(Self.jsonTypeName(type))")
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty {
                let detail =
                    context.underlyingError.map { "\(context.debugDescription) (\($0))" } ?? context.debugDescription
                self = .malformedJSON(detail: detail)
            } else {
                self = .invalidValue(path: CodingPath.render(context.codingPath), reason: context.debugDescription)
            }
        @unknown default:
            self = .malformedJSON(detail: "\(error)")
        }
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Bool.Type: "boolean"
        case is Double.Type, is Float.Type: "number"
        case is Int.Type, is Int64.Type, is UInt64.Type, is Int32.Type, is UInt32.Type, is UInt8.Type, is Int8.Type,
            is UInt16.Type, is Int16.Type, is UInt.Type:
            "integer"
        default:
            if "\(type)".hasPrefix("Array") {
                "array"
            } else if "\(type)".hasPrefix("Dictionary") {
                "object"
            } else {
                "\(type)"
            }
        }
    }
}
