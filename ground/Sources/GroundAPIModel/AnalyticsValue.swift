/// One cell of an analytics table (GroundHTTP renders it as JSON or CSV).
package enum AnalyticsValue: Sendable, Hashable, Codable {
    case text(String)
    case number(Double)
    case null

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .text(t): try c.encode(t)
        case let .number(n): if n.isFinite { try c.encode(n) } else { try c.encodeNil() }
        case .null: try c.encodeNil()
        }
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
            return
        }
        do { self = .number(try c.decode(Double.self)) } catch DecodingError.typeMismatch {
            self = .text(try c.decode(String.self))
        }
    }
}
