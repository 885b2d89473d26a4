import Hummingbird

/// Runs each request's responder (middleware chain and handler) in a child task of the connection's task.
///
/// Hummingbird serves a connection in one task, and the Swift runtime keeps a task's async-stack slabs
/// until the task ends: without the child, every open connection (a live SSE stream above all) keeps
/// the memory of the deepest request path it ever ran, about 20 KB. The child's slabs are freed when
/// its request has been answered. A response body (an SSE stream's loop) still runs in the connection's task.
package struct RequestTaskResponder<Base: HTTPResponder>: HTTPResponder where Base.Context: Sendable {
    package typealias Context = Base.Context

    let base: Base

    package init(_ base: Base) {
        self.base = base
    }

    package func respond(to request: Request, context: Context) async throws -> Response {
        let base = self.base
        return try await withThrowingTaskGroup(of: Response.self, returning: Response.self) { group in
            group.addTask { try await base.respond(to: request, context: context) }
            // The group holds exactly the one child added above.
            var response: Response?
            for try await answer in group { response = answer }
            guard let response else { throw CancellationError() }
            return response
        }
    }
}
