/// One frame of a cross-check run, as `expected.json` stores it.
struct CrossCheckCase: Codable {
    var name: String
    var id: UInt32
    var seq: UInt8
    var truncated: Bool
    var payloadLength: Int
    var fields: [String: CanonicalValue]
}
