import Foundation
import GroundCore

/// The bootstrap operator key (`--operator-key`), kept only as its hash in memory so a heap dump does
/// not leak it. It acts as the dispatcher account ``OperatorAccount/bootstrapID``, which exists in no
/// table: existing deployments keep working, and it creates the first named accounts.
package struct OperatorCredential: Sendable {
    let keyHash: String?

    /// `key` nil disables the bootstrap account (named operator keys still work).
    package init(key: String?) {
        keyHash = key.flatMap { $0.isEmpty ? nil : APIKey.hash($0) }
    }

    package func matches(_ presented: String) -> Bool {
        matches(hash: APIKey.hash(presented))
    }

    /// Whether a presented key, given as its ``APIKey/hash(_:)``, is the bootstrap key.
    package func matches(hash: String) -> Bool {
        guard let keyHash else { return false }
        return APIKey.constantTimeEquals(hash, keyHash)
    }

    /// The account the bootstrap key stands for.
    package var account: OperatorAccount? {
        keyHash.map {
            OperatorAccount(
                id: OperatorAccount.bootstrapID, name: "bootstrap operator key", role: .dispatcher, keyHash: $0,
                createdAt: Date(timeIntervalSince1970: 0))
        }
    }
}
