import Foundation

/// Persistence of operator accounts (both ground stores implement it).
package protocol OperatorStore: Sendable {
    /// Throws `.constraint` when the id or the key hash is taken.
    func insertOperator(_ account: OperatorAccount) async throws(StoreError)
    func operatorAccount(id: String) async throws(StoreError) -> OperatorAccount?
    func operatorAccount(keyHash: String) async throws(StoreError) -> OperatorAccount?
    /// Every account, by id.
    func operatorAccounts() async throws(StoreError) -> [OperatorAccount]
    /// Replaces the account's key; the old key stops working at once. Says whether the account exists.
    func rotateOperatorKey(id: String, keyHash: String, at date: Date) async throws(StoreError) -> Bool
    /// Removes the account; its key stops working at once (its audit entries stay). Says whether it existed.
    func deleteOperator(id: String) async throws(StoreError) -> Bool
}
