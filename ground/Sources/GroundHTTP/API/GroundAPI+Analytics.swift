import Foundation
import GroundAPIModel
import Hummingbird

extension GroundAPI {
    /// `GET /v1/analytics?from&to&format=json|csv`: the aggregate report (default range: the last
    /// 30 days), and `GET /v1/analytics/deliveries?from&to&format=json|csv`: the per-delivery rows.
    func addAnalyticsRoute(to group: RouterGroup<GroundRequestContext>) {
        group.get("analytics") { request, context -> Response in
            try context.requireOperatorView()
            let (from, to, csv) = try Self.analyticsQuery(request)
            let report = try await analytics.report(from: from, to: to)
            if csv { return Self.csvResponse(report.csv()) }
            return Self.jsonResponse(try GroundJSON.encoder().encode(report))
        }
        group.get("analytics/deliveries") { request, context -> Response in
            try context.requireOperatorView()
            let (from, to, csv) = try Self.analyticsQuery(request)
            let table = try await analytics.rows(from: from, to: to)
            if csv { return Self.csvResponse(table.csv) }
            return Self.jsonResponse(try GroundJSON.encoder().encode(AnalyticsRows(rows: table.jsonObjects())))
        }
    }

    /// Range and format of an analytics request; 400 naming the field when invalid.
    static func analyticsQuery(_ request: Request) throws -> (from: Date, to: Date, csv: Bool) {
        let parameters = request.uri.queryParameters
        let to = try date(parameters, "to") ?? Date()
        let from = try date(parameters, "from") ?? to.addingTimeInterval(-30 * 24 * 3600)
        guard from < to else {
            throw APIError(.badRequest, code: "out_of_range", field: "from", message: "from must be before to")
        }
        let format = parameters.get("format") ?? "json"
        guard format == "json" || format == "csv" else {
            throw APIError(.badRequest, code: "invalid_value", field: "format", message: "format must be json or csv")
        }
        return (from, to, format == "csv")
    }

    static func csvResponse(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func jsonResponse(_ data: Data) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
