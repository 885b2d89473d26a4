/// The operator key, kept only as its hash in memory so a heap dump does not leak it.
package struct OperatorCredential: Sendable {
    let keyHash: String?

    /// `key` nil disables operator access (every operator route then answers 403).
    package init(key: String?) {
        keyHash = key.flatMap { $0.isEmpty ? nil : APIKey.hash($0) }
    }

    package func matches(_ presented: String) -> Bool {
        guard let keyHash else { return false }
        return APIKey.constantTimeEquals(APIKey.hash(presented), keyHash)
    }
}
