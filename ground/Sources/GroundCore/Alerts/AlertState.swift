/// `open → acknowledged → resolved`, or `open → resolved`.
package enum AlertState: String, Codable, Sendable, CaseIterable, Hashable {
    case open
    case acknowledged
    case resolved
}
