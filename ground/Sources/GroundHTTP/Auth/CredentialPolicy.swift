import Foundation

/// How long superseded credentials keep working.
package struct CredentialPolicy: Sendable, Hashable {
    /// A business key replaced by a rotation keeps working this long, so its systems can switch over.
    package var keyRotationGrace: Duration
    /// A tracking link stops opening its delivery this long after the delivery ended.
    package var trackingTokenTTL: Duration

    /// 24 hours of grace; tracking links live 7 days past the end.
    package static let `default` = CredentialPolicy(
        keyRotationGrace: .seconds(86_400), trackingTokenTTL: .seconds(604_800))

    package init(keyRotationGrace: Duration, trackingTokenTTL: Duration) {
        self.keyRotationGrace = keyRotationGrace
        self.trackingTokenTTL = trackingTokenTTL
    }
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval` to add to a `Date`.
    var timeInterval: TimeInterval {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
