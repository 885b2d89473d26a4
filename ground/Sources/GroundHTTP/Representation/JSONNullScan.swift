import Foundation

/// Finds `null` in a JSON body the decoder accepted, which `Decodable`'s optional fields would
/// otherwise read as "absent".
enum JSONNullScan {
    /// Throws a 400 naming the first field that is `null` (in document order of keys sorted by name).
    static func refuseNull(in data: Data) throws(APIError) {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw APIError(.badRequest, code: "malformed_json", message: "the body is not valid JSON")
        }
        if let field = firstNull(in: root, path: "") {
            throw APIError(
                .badRequest, code: "invalid_type", field: field.isEmpty ? nil : field,
                message: "\(field.isEmpty ? "body" : field): must not be null (leave the field out instead)")
        }
    }

    private static func firstNull(in value: Any, path: String) -> String? {
        switch value {
        case is NSNull:
            return path
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                if let found = firstNull(in: object[key] as Any, path: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
            return nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = firstNull(in: element, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
