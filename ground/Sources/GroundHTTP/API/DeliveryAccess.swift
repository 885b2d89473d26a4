import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

/// Who may read one delivery on the routes a customer's tracking page uses.
enum DeliveryAccess: Sendable {
    /// An API key: the operator (nil, every delivery) or a business (its own).
    case key(tenantID: String?)
    /// A valid tracking token of this delivery, which belongs to `businessID`.
    case trackingToken(businessID: String)

    var tenantID: String? {
        switch self {
        case let .key(tenantID): tenantID
        case let .trackingToken(businessID): businessID
        }
    }
}

extension GroundAPI {
    /// The key's scope when one was presented, else the `token` query parameter checked against the
    /// delivery. An unknown delivery and a wrong token get the same 401, so a token guess tells
    /// nothing about which ids exist.
    func deliveryAccess(_ request: Request, context: GroundRequestContext, deliveryID: String) async throws
        -> DeliveryAccess
    {
        try await deliveryAccess(request, principal: context.principal, deliveryID: deliveryID)
    }

    /// ``deliveryAccess(_:context:deliveryID:)`` for the principal the key resolved to (nil: none presented).
    func deliveryAccess(_ request: Request, principal: Principal?, deliveryID: String) async throws
        -> DeliveryAccess
    {
        if let principal { return .key(tenantID: principal.tenantID) }
        return try await deliveryAccess(token: request.uri.queryParameters.get("token"), deliveryID: deliveryID)
    }

    /// ``deliveryAccess(_:principal:deliveryID:)`` without a key: the tracking token (nil: none presented).
    func deliveryAccess(token: String?, deliveryID: String) async throws -> DeliveryAccess {
        guard let token else {
            throw APIError(.unauthorized, code: "missing_key", message: "an API key or a tracking token is required")
        }
        let refused = APIError(
            .unauthorized, code: "invalid_token", message: "the tracking token does not open this delivery")
        guard let delivery = try await store.delivery(id: deliveryID),
            let business = try await store.business(id: delivery.businessID)
        else { throw refused }
        guard TrackingToken.verify(token, deliveryID: deliveryID, business: business) else { throw refused }
        // Checked after the token: only its holder learns that the link has expired.
        if delivery.status.isTerminal {
            let ended = delivery.statusTimes[delivery.status] ?? delivery.updatedAt
            guard Date() < ended.addingTimeInterval(credentials.trackingTokenTTL.timeInterval) else {
                throw APIError(
                    .unauthorized, code: "token_expired",
                    message: "the tracking link expired after the delivery ended")
            }
        }
        return .trackingToken(businessID: business.id)
    }

    /// Whether what opened a long-lived response still opens it: the key still authenticates (a key
    /// replaced by a rotation stops when its grace ends), or the token still verifies (a rotation revokes
    /// it). A store failure keeps the stream: the next check decides.
    func accessHolds(_ credential: PresentedCredential, deliveryID: String) async -> Bool {
        do {
            switch credential {
            case let .key(key):
                return try await authenticator.principal(for: key) != nil
            case let .trackingToken(token):
                _ = try await deliveryAccess(token: token, deliveryID: deliveryID)
                return true
            }
        } catch let error as APIError {
            return error.status != .unauthorized
        } catch {
            return true
        }
    }

    /// A single delivery as shown to someone allowed to see it: with its tracking link.
    func response(for delivery: Delivery, business: Business? = nil) async throws -> DeliveryResponse {
        var response = DeliveryResponse(delivery)
        let owner: Business?
        if let business, business.id == delivery.businessID {
            owner = business
        } else {
            owner = try await store.business(id: delivery.businessID)
        }
        if let owner {
            let token = TrackingToken.make(deliveryID: delivery.id, business: owner)
            response.trackingToken = token
            response.trackingUrl = TrackingToken.pagePath(deliveryID: delivery.id, token: token)
        }
        return response
    }
}
