import Hummingbird

/// Runs each request's responder (middleware chain and handler) in a task of its own.
///
/// Hummingbird serves a connection in one task, and the Swift runtime keeps a task's async-stack slabs
/// until the task ends: without this, every open connection (a live SSE stream above all) keeps
/// the memory of the deepest request path it ever ran, about 20 KB. The request's task frees its slabs
/// when the request has been answered. A response body (an SSE stream's loop) still runs in the
/// connection's task. An unstructured task, awaited under a cancellation handler that passes the
/// connection's cancellation on, rather than a task group: the group's storage and body frames sat on
/// the connection's stack, about 2 KB more per open stream (heaptrack at 1,010 streams).
package struct RequestTaskResponder<Base: HTTPResponder>: HTTPResponder where Base.Context: Sendable {
    package typealias Context = Base.Context

    let base: Base

    package init(_ base: Base) {
        self.base = base
    }

    package func respond(to request: Request, context: Context) async throws -> Response {
        let base = self.base
        let answer = Task { try await base.respond(to: request, context: context) }
        return try await withTaskCancellationHandler {
            try await answer.value
        } onCancel: {
            answer.cancel()
        }
    }
}
