import HTTPTypes
import Hummingbird

/// Which methods each routed path answers, from a router's route table.
package struct RouteMethodTable: Sendable {
    private let routes: [(path: RouterPath, method: HTTPRequest.Method)]

    package init(_ routes: [(path: RouterPath, method: HTTPRequest.Method)]) {
        self.routes = routes
    }

    /// The methods of the most specific routes matching `path` (literal segments beat captures, as
    /// in the router), or none when no route matches it.
    package func methods(forPath path: String) -> Set<HTTPRequest.Method> {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var best = -1
        var methods = Set<HTTPRequest.Method>()
        for route in routes {
            guard let literals = Self.match(route.path, segments) else { continue }
            if literals > best {
                best = literals
                methods = [route.method]
            } else if literals == best {
                methods.insert(route.method)
            }
        }
        return methods
    }

    /// The number of literal segments when `template` matches `segments`, else nil.
    private static func match(_ template: RouterPath, _ segments: [Substring]) -> Int? {
        let elements = template.components
        guard elements.count == segments.count else { return nil }
        var literals = 0
        for (element, segment) in zip(elements, segments) {
            guard element ~= segment else { return nil }
            if element == segment { literals += 1 }
        }
        return literals
    }
}
