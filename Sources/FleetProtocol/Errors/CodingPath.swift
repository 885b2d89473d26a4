/// Renders a Codable coding path as the dotted field path used in ``ProtocolError``
/// (`legs[1].distanceM`).
enum CodingPath {
    static func render(_ path: [any CodingKey], appending key: (any CodingKey)? = nil) -> String {
        var out = ""
        for element in path + (key.map { [$0] } ?? []) {
            if let index = element.intValue, element.stringValue.hasPrefix("Index") || element.stringValue == "\(index)"
            {
                out += "[\(index)]"
            } else {
                if !out.isEmpty { out += "." }
                out += element.stringValue
            }
        }
        return out.isEmpty ? "$" : out
    }

    static func join(_ prefix: String, _ field: String) -> String {
        prefix.isEmpty ? field : "\(prefix).\(field)"
    }
}
