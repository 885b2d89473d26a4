import Foundation
import Hummingbird

/// Request context of the ground API: the authenticated principal plus API-wide limits and coders.
public struct GroundRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``AuthMiddleware`` when a valid key was presented.
    public var principal: Principal?

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Bodies above 64 KiB are refused with 413: no legitimate request is near that.
    public var maxUploadSize: Int { 64 * 1024 }

    public var requestDecoder: JSONDecoder { GroundJSON.decoder() }
    public var responseEncoder: JSONEncoder { GroundJSON.encoder() }

    /// The principal, or 401.
    public func requireAuthenticated() throws(APIError) -> Principal {
        guard let principal else { throw APIError(.unauthorized, code: "missing_key", message: "an API key is required") }
        return principal
    }

    /// The business making the request: 401 without a key, 403 for an operator key.
    public func requireBusiness() throws(APIError) -> Business {
        guard case let .business(business) = try requireAuthenticated() else {
            throw APIError(.forbidden, code: "business_only", message: "this route needs a business API key")
        }
        return business
    }

    /// 401 without a key, 403 for a business key.
    public func requireOperator() throws(APIError) {
        guard case .operator = try requireAuthenticated() else {
            throw APIError(.forbidden, code: "operator_only", message: "this route needs the operator key")
        }
    }
}
