import GroundCore
import HTTPTypes
import Hummingbird

/// Sets ``GroundRequestContext/clientAddress``: the socket peer, or the address a trusted reverse
/// proxy reports for it (see ``TrustedProxies``). Anonymous rate limiting keys on it.
package struct ClientAddressMiddleware: RouterMiddleware {
    package typealias Context = GroundRequestContext
    let proxies: TrustedProxies

    package init(proxies: TrustedProxies) {
        self.proxies = proxies
    }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let peer = context.remoteAddress?.ipAddress
        if proxies.blocks.isEmpty {
            context.clientAddress = peer
        } else {
            let values = HTTPField.Name(proxies.header.rawValue).map { request.headers[values: $0] } ?? []
            context.clientAddress = proxies.clientAddress(peer: peer, headerValues: values)
        }
        return try await next(request, context)
    }
}
