import Crypto
import Foundation

/// The signature of a webhook request, sent as `SkyRelay-Signature: t=<unix seconds>,v1=<hex>` where
/// `<hex>` is HMAC-SHA256 with the endpoint's secret over `"<t>." + body` (docs/operations.md). The
/// receiver recomputes it and rejects a timestamp further than its tolerance (5 minutes suggested)
/// from its clock, so a captured request cannot be replayed later.
package enum WebhookSignature {
    package static let headerName = "SkyRelay-Signature"
    /// The tolerance docs/operations.md recommends to receivers, in seconds.
    package static let recommendedTolerance: TimeInterval = 300

    /// The header value for `body` sent at `timestamp` (seconds since 1970).
    package static func header(secret: String, timestamp: Int64, body: String) -> String {
        "t=\(timestamp),v1=\(mac(secret: secret, timestamp: timestamp, body: body))"
    }

    /// Hex HMAC-SHA256 of `"<timestamp>." + body`.
    package static func mac(secret: String, timestamp: Int64, body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    /// What a receiver does: parse the header, check the timestamp is within `tolerance` of `now`, and
    /// compare the MAC in constant time.
    package static func verify(
        header: String, secret: String, body: String, now: Date = Date(),
        tolerance: TimeInterval = recommendedTolerance
    ) -> Bool {
        var timestamp: Int64?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        let expected = Array(mac(secret: secret, timestamp: timestamp, body: body).utf8)
        return signatures.contains { candidate in
            let given = Array(candidate.utf8)
            guard given.count == expected.count else { return false }
            return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        }
    }
}
