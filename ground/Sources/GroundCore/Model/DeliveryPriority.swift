/// How urgently a business wants a delivery flown: the planner places every `express` delivery of a
/// time slot before any `standard` one.
package enum DeliveryPriority: String, Codable, Sendable, Hashable, CaseIterable {
    case standard
    case express
}
