/// What an operator account may do: `viewer` reads the fleet, deliveries, alerts and analytics;
/// `dispatcher` also acts (overrides, recall, land, registry, zones, webhooks of no one, operators,
/// alerts' acknowledge and resolve) and reads the audit log.
package enum OperatorRole: String, Codable, Sendable, CaseIterable, Hashable {
    case viewer
    case dispatcher

    /// Whether the role may change anything.
    package var canMutate: Bool { self == .dispatcher }
}
