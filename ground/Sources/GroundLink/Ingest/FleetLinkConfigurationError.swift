/// A fleet-link setting ground control cannot use.
package enum FleetLinkConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `field` (the flag name) has an unusable `value`.
    case invalid(field: String, value: String, reason: String)

    package var description: String {
        switch self {
        case let .invalid(field, value, reason): "--\(field) '\(value)': \(reason)"
        }
    }
}
