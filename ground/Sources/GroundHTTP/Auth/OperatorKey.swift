/// Named operator keys: `sr_op_` + 32 random bytes in base64url, stored as their SHA-256 like
/// business keys (``APIKey``).
package enum OperatorKey {
    package static let prefix = "sr_op_"

    /// A fresh key from the system CSPRNG.
    package static func generate() -> String {
        prefix + String(APIKey.generate().dropFirst(APIKey.prefix.count))
    }
}
