import Foundation

/// A drone the operator registered: only these are listed, offered bookings and believed.
/// A retired drone stays on record (its history refers to it) but is never dispatched again.
package struct ProvisionedDrone: Codable, Sendable, Hashable, Identifiable {
    package enum Status: String, Codable, Sendable, CaseIterable {
        case active
        case retired
    }

    package var id: String
    package var status: Status
    package var registeredAt: Date
    package var retiredAt: Date?

    package init(id: String, status: Status = .active, registeredAt: Date, retiredAt: Date? = nil) {
        self.id = id
        self.status = status
        self.registeredAt = registeredAt
        self.retiredAt = retiredAt
    }

    package var isActive: Bool { status == .active }
}
