import Hummingbird

/// Answers 405 with `Allow` where the router found no route but the path has routes for other methods.
///
/// Hummingbird's router answers any unmatched request with 404; this sits outside it and asks the
/// route table, built from the same routes, which methods the path has.
package struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let table: RouteMethodTable

    package init(table: RouteMethodTable) {
        self.table = table
    }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = table.methods(forPath: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method) else { throw error }
            let list = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            throw APIError(
                .methodNotAllowed, code: "method_not_allowed",
                message: "\(request.method.rawValue) is not allowed on this path; allowed: \(list)",
                headers: [.allow: list])
        }
    }
}
