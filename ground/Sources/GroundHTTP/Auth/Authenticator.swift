import Foundation
import GroundCore

/// Resolves a presented key to a ``Principal``: the bootstrap operator key, a named operator key
/// (`sr_op_`), or a business key (`sr_live_`).
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
        if operatorCredential.matches(key), let account = operatorCredential.account {
            return Authentication(principal: .operator(account))
        }
        let hash = APIKey.hash(key)
        // Lookups are by hash, so timing reveals nothing about the key; compare again to be explicit.
        if key.hasPrefix(OperatorKey.prefix) {
            guard let account = try await store.operatorAccount(keyHash: hash),
                APIKey.constantTimeEquals(account.keyHash, hash)
            else { return nil }
            return Authentication(principal: .operator(account))
        }
        guard key.hasPrefix(APIKey.prefix) else { return nil }
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
