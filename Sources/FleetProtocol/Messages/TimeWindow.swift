/// A requested time window, epoch milliseconds, `earliestMs ≤ latestMs`.
public struct TimeWindow: Codable, Hashable, Sendable {
    public var earliestMs: Int64
    public var latestMs: Int64

    public init(earliestMs: Int64, latestMs: Int64) {
        self.earliestMs = earliestMs
        self.latestMs = latestMs
    }

    public func validate(at path: String) throws(ProtocolError) {
        try Check.nonNegative(earliestMs, CodingPath.join(path, "earliestMs"))
        guard latestMs >= earliestMs else {
            throw .invalidValue(path: CodingPath.join(path, "latestMs"), reason: "must not be before earliestMs")
        }
    }
}
