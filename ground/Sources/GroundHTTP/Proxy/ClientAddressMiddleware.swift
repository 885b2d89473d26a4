import HTTPTypes
import Hummingbird

/// Sets ``GroundRequestContext/clientAddress``: the socket peer, or the address a trusted reverse
/// proxy reports for it (see ``TrustedProxies``). Anonymous rate limiting keys on it.
public struct ClientAddressMiddleware: RouterMiddleware {
    public typealias Context = GroundRequestContext
    let proxies: TrustedProxies

    public init(proxies: TrustedProxies) {
        self.proxies = proxies
    }

    public func handle(
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
