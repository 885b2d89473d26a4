import GroundObservability
import Hummingbird
import Logging

/// Turns every error escaping a route into the JSON error shape and counts every response.
package struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: GroundMetrics

    package init(metrics: GroundMetrics) {
        self.metrics = metrics
    }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            }
            response = try apiError.response(from: request, context: context)
        }
        metrics.recordRequest(
            method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: response.status.code)
        return response
    }
}
