import Foundation

/// JSON conventions of the API, shared by the server and groundctl: RFC 3339 dates (fractional seconds
/// kept), sorted keys.
package enum GroundJSON {
    package static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = parseDate(text) { return date }
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected an RFC 3339 date-time such as 2026-05-01T12:00:00Z")
        }
        return decoder
    }

    package static func parseDate(_ text: String) -> Date? {
        RFC3339.parse(text)
    }
}
