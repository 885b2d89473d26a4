import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird
import NIOCore

/// Request context of the ground API: the authenticated principal plus API-wide limits and coders.
package struct GroundRequestContext: RequestContext, RemoteAddressRequestContext {
    package var coreContext: CoreRequestContextStorage
    /// Set by ``AuthMiddleware`` when a valid key was presented.
    package var principal: Principal?
    /// The client's address, which limits the rate of requests made without a key.
    package let remoteAddress: SocketAddress?
    /// The client's address: the socket peer, or what a trusted reverse proxy reports (set by
    /// ``ClientAddressMiddleware``); anonymous requests are rate-limited by it.
    package var clientAddress: String?
    /// Bodies above this are refused with 413; ``BodyLimitMiddleware`` sets the configured value.
    package var maxUploadSize: Int = APILimits.default.maxBodyBytes

    package init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        clientAddress = remoteAddress?.ipAddress
    }

    package var requestDecoder: JSONDecoder { GroundJSON.decoder() }
    package var responseEncoder: JSONEncoder { GroundJSON.encoder() }

    /// The principal, or 401.
    package func requireAuthenticated() throws(APIError) -> Principal {
        guard let principal else {
            throw APIError(.unauthorized, code: "missing_key", message: "an API key is required")
        }
        return principal
    }

    /// The business making the request: 401 without a key, 403 for an operator key.
    package func requireBusiness() throws(APIError) -> Business {
        guard case let .business(business) = try requireAuthenticated() else {
            throw APIError(.forbidden, code: "business_only", message: "this route needs a business API key")
        }
        return business
    }

    /// An operator allowed to change things (role `dispatcher`): 401 without a key, 403 for a business
    /// key or a `viewer`.
    @discardableResult
    package func requireOperator() throws(APIError) -> OperatorAccount {
        let account = try requireOperatorView()
        guard account.role.canMutate else {
            throw APIError(
                .forbidden, code: "role_forbidden",
                message: "operator role \(account.role.rawValue) may only read; this needs role dispatcher")
        }
        return account
    }

    /// Any operator, `viewer` included (read-only routes): 401 without a key, 403 for a business key.
    @discardableResult
    package func requireOperatorView() throws(APIError) -> OperatorAccount {
        guard case let .operator(account) = try requireAuthenticated() else {
            throw APIError(.forbidden, code: "operator_only", message: "this route needs an operator key")
        }
        return account
    }
}
