import GroundCore

/// Resolves a presented key to a ``Principal`` (operator key first, then business keys).
package struct Authenticator: Sendable {
    let store: any GroundStore
    let operatorCredential: OperatorCredential

    package init(store: any GroundStore, operatorCredential: OperatorCredential) {
        self.store = store
        self.operatorCredential = operatorCredential
    }

    /// nil when the key is unknown.
    package func principal(for key: String) async throws(StoreError) -> Principal? {
        if operatorCredential.matches(key) { return .operator }
        guard key.hasPrefix(APIKey.prefix) else { return nil }
        let hash = APIKey.hash(key)
        // The lookup is by hash, so timing reveals nothing about the key; compare again to be explicit.
        guard let business = try await store.business(apiKeyHash: hash),
            APIKey.constantTimeEquals(business.apiKeyHash, hash)
        else { return nil }
        return .business(business)
    }
}
