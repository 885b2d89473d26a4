import Foundation

/// Finds `null` in a JSON body the decoder accepted, which `Decodable`'s optional fields would
/// otherwise read as "absent".
enum JSONNullScan {
    /// Throws a 400 naming the first of `fields` (dotted paths) that is `null`, keys taken in name order.
    static func refuseNull(in data: Data, fields: Set<String>) throws(APIError) {
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
