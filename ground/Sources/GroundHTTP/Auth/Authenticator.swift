import Foundation
import GroundCore

/// Resolves a presented key to a ``Principal``: the bootstrap operator key, a named operator key
/// (`sr_op_`), or a business key (`sr_live_`).
///
/// A key the store verified is trusted for a moment from ``cache`` (see ``VerifiedKeyCache``); whatever
/// changes a key through this instance calls ``keysChanged()``.
package struct Authenticator: Sendable {
    let store: any GroundStore
    let operatorCredential: OperatorCredential
    let now: @Sendable () -> Date
    package let cache: VerifiedKeyCache

    package init(
        store: any GroundStore, operatorCredential: OperatorCredential, cache: VerifiedKeyCache = VerifiedKeyCache(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.operatorCredential = operatorCredential
        self.cache = cache
        self.now = now
    }

    /// A business or operator key was rotated here: no key is trusted from memory until the store says so again.
    package func keysChanged() async {
        await cache.forgetAll()
    }

    /// nil when the key is unknown, or replaced by a rotation whose grace period is over.
    package func principal(for key: String) async throws(StoreError) -> Principal? {
        try await authenticate(key)?.principal
    }

    /// The key's principal and, for a business key replaced by a rotation, when it stops working.
    package func authenticate(_ key: String) async throws(StoreError) -> Authentication? {
        let hash = APIKey.hash(key)
        if operatorCredential.matches(hash: hash), let account = operatorCredential.account {
            return Authentication(principal: .operator(account))
        }
        let generation: UInt64
        switch await cache.lookup(keyHash: hash, now: .now) {
        case let .hit(authentication):
            // A replaced key's grace ends at its instant, not at the entry's; no later change can extend it.
            if let expiry = authentication.expiresAt, now() >= expiry { return nil }
            return authentication
        case let .miss(missGeneration):
            generation = missGeneration
        }
        guard let authentication = try await verify(key, hash: hash) else { return nil }
        await cache.remember(authentication, keyHash: hash, generation: generation, at: .now)
        return authentication
    }

    /// The store's answer for a key, by its hash.
    func verify(_ key: String, hash: String) async throws(StoreError) -> Authentication? {
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
