import Foundation
import GroundCore

/// Resolves a presented key to a ``Principal`` (operator key first, then business keys).
package struct Authenticator: Sendable {
    let store: any GroundStore
    let operatorCredential: OperatorCredential
    let now: @Sendable () -> Date

    package init(
        store: any GroundStore, operatorCredential: OperatorCredential, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.operatorCredential = operatorCredential
        self.now = now
    }

    /// nil when the key is unknown, or replaced by a rotation whose grace period is over.
    package func principal(for key: String) async throws(StoreError) -> Principal? {
        try await authenticate(key)?.principal
    }

    /// The key's principal and, for a business key replaced by a rotation, when it stops working.
    package func authenticate(_ key: String) async throws(StoreError) -> Authentication? {
        if operatorCredential.matches(key) { return Authentication(principal: .operator) }
        guard key.hasPrefix(APIKey.prefix) else { return nil }
        let hash = APIKey.hash(key)
        // The lookup is by hash, so timing reveals nothing about the key; compare again to be explicit.
        guard let business = try await store.business(apiKeyHash: hash) else { return nil }
        if APIKey.constantTimeEquals(business.apiKeyHash, hash) {
            return Authentication(principal: .business(business))
        }
        guard let previous = business.previousKeyHash, APIKey.constantTimeEquals(previous, hash),
            let expiry = business.previousKeyExpiresAt, now() < expiry
        else { return nil }
        return Authentication(principal: .business(business), expiresAt: expiry)
    }
}
