import GroundAPIModel
import GroundCore
import Hummingbird

extension AuditListResponse: ResponseEncodable {}

extension GroundAPI {
    /// `GET /v1/audit?before=&limit=` (dispatcher role): the audit log, newest first.
    func addAuditRoute(to group: RouterGroup<GroundRequestContext>) {
        group.get("audit") { request, context -> AuditListResponse in
            try context.requireOperator()
            let query = request.uri.queryParameters
            let limit = try Self.boundedInteger(query.get("limit"), field: "limit", range: 1...500) ?? 100
            let before = try Self.boundedInteger(query.get("before"), field: "before", range: 1...Int.max)
            let entries = try await audit.entries(before: before.map(Int64.init), limit: limit)
            return AuditListResponse(
                entries: entries, nextBefore: entries.count == limit ? entries.last?.seq : nil)
        }
    }

    /// An optional integer query parameter within `range`, or 400 naming it.
    static func boundedInteger(_ text: String?, field: String, range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError(
                .badRequest, code: "invalid_value", field: field,
                message: "\(field): must be an integer from \(range.lowerBound)"
                    + (range.upperBound == Int.max ? " up" : " to \(range.upperBound)"))
        }
        return value
    }
}
