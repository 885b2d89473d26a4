import Foundation

/// Something an operator should look at. At most one unresolved alert exists per kind and subject:
/// raising it again while it is open returns the existing one.
package struct Alert: Codable, Sendable, Hashable, Identifiable {
    package var id: String
    package var kind: AlertKind
    /// What the alert is about: a drone id, delivery id, webhook id or zone id.
    package var subject: String
    package var message: String
    package var state: AlertState
    package var openedAt: Date
    package var acknowledgedAt: Date?
    package var acknowledgedBy: String?
    package var resolvedAt: Date?
    package var resolvedBy: String?

    package init(
        id: String, kind: AlertKind, subject: String, message: String, state: AlertState = .open, openedAt: Date,
        acknowledgedAt: Date? = nil, acknowledgedBy: String? = nil, resolvedAt: Date? = nil,
        resolvedBy: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.subject = subject
        self.message = message
        self.state = state
        self.openedAt = openedAt
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
        self.resolvedAt = resolvedAt
        self.resolvedBy = resolvedBy
    }
}
