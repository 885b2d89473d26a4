import Crypto
import Foundation
import GroundCore

/// Per-delivery tracking links: a customer opens the tracking page with a token instead of the
/// business's API key, and the token opens that one delivery, read-only.
///
/// The token is an HMAC-SHA256 of the delivery id keyed by the business's stored key hash, so any
/// ground instance can check it without new state, and rotating the business key revokes every link.
package enum TrackingToken {
    /// The token of `deliveryID` for its `business`.
    package static func make(deliveryID: String, business: Business) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(message(deliveryID).utf8), using: key(business))
        return APIKey.base64URL(Data(mac))
    }

    /// Whether `token` opens `deliveryID` of `business` (compared in constant time).
    package static func verify(_ token: String, deliveryID: String, business: Business) -> Bool {
        APIKey.constantTimeEquals(token, make(deliveryID: deliveryID, business: business))
    }

    /// The relative URL of the customer tracking page for a delivery.
    package static func pagePath(deliveryID: String, token: String) -> String {
        "/ui/track.html?delivery=\(deliveryID)&token=\(token)"
    }

    private static func key(_ business: Business) -> SymmetricKey {
        SymmetricKey(data: Data(business.apiKeyHash.utf8))
    }

    /// Domain-separated so the MAC can never be mistaken for another use of the same key.
    private static func message(_ deliveryID: String) -> String {
        "skyrelay-tracking-v1:" + deliveryID
    }
}
