import Foundation
import Hummingbird

extension GroundAPI {
    /// `GET /v1/analytics?from&to&format=json|csv`, default range: the last 30 days.
    func addAnalyticsRoute(to group: RouterGroup<GroundRequestContext>) {
        group.get("analytics") { request, context -> Response in
            try context.requireOperator()
            let parameters = request.uri.queryParameters
            let to = try Self.date(parameters, "to") ?? Date()
            let from = try Self.date(parameters, "from") ?? to.addingTimeInterval(-30 * 24 * 3600)
            guard from < to else {
                throw APIError(.badRequest, code: "out_of_range", field: "from", message: "from must be before to")
            }
            let format = parameters.get("format") ?? "json"
            guard format == "json" || format == "csv" else {
                throw APIError(.badRequest, code: "invalid_value", field: "format", message: "format must be json or csv")
            }
            let table = try await analytics.report(from: from, to: to)
            if format == "csv" {
                return Response(
                    status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: table.csv))
                )
            }
            let data = try GroundJSON.encoder().encode(["rows": table.jsonObjects()])
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data))
            )
        }
    }
}
