import GroundCore

/// Resolves a presented key to a ``Principal``: the bootstrap operator key, a named operator key
/// (`sr_op_`), or a business key (`sr_live_`).
package struct Authenticator: Sendable {
    let store: any GroundStore
    let operatorCredential: OperatorCredential

    package init(store: any GroundStore, operatorCredential: OperatorCredential) {
        self.store = store
        self.operatorCredential = operatorCredential
    }

    /// nil when the key is unknown.
    package func principal(for key: String) async throws(StoreError) -> Principal? {
        if operatorCredential.matches(key), let account = operatorCredential.account { return .operator(account) }
        let hash = APIKey.hash(key)
        // Lookups are by hash, so timing reveals nothing about the key; compare again to be explicit.
        if key.hasPrefix(OperatorKey.prefix) {
            guard let account = try await store.operatorAccount(keyHash: hash),
                APIKey.constantTimeEquals(account.keyHash, hash)
            else { return nil }
            return .operator(account)
        }
        guard key.hasPrefix(APIKey.prefix) else { return nil }
        guard let business = try await store.business(apiKeyHash: hash),
            APIKey.constantTimeEquals(business.apiKeyHash, hash)
        else { return nil }
        return .business(business)
    }
}
