import Foundation

/// Finds `null` in a JSON body the decoder accepted, which `Decodable`'s optional fields would
/// otherwise read as "absent".
enum JSONNullScan {
    /// Throws a 400 naming the first of `fields` (dotted paths) that is `null`, keys taken in name order.
    static func refuseNull(in data: Data, fields: Set<String>) throws(APIError) {
        // Parsing the body a second time into Foundation objects cost as much as decoding it: most
        // bodies hold no `null` at all, which one pass over the bytes tells.
        guard holdsNullToken(data) else { return }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw APIError(.badRequest, code: "malformed_json", message: "the body is not valid JSON")
        }
        if let field = firstNull(in: root, path: "", fields: fields) {
            throw APIError(
                .badRequest, code: "invalid_type", field: field.isEmpty ? nil : field,
                message: "\(field.isEmpty ? "body" : field): must not be null (leave the field out instead)")
        }
    }

    /// Whether `data`, a JSON text the decoder accepted, has a `null` outside its strings: in valid JSON
    /// the only token outside a string that starts with `n` is `null`. A zero byte (a body in UTF-16 or
    /// UTF-32, which the decoder also reads) answers true: only the full scan reads those.
    static func holdsNullToken(_ data: Data) -> Bool {
        data.withUnsafeBytes { bytes in
            var inString = false
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0 { return true }
                if inString {
                    if byte == UInt8(ascii: "\\") {
                        index += 1
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                } else if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: "n") {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    private static func firstNull(in value: Any, path: String, fields: Set<String>) -> String? {
        switch value {
        case is NSNull:
            return path.isEmpty || fields.contains(path) ? path : nil
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                guard fields.contains(child) else { continue }
                if let found = firstNull(in: object[key] as Any, path: child, fields: fields) { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
