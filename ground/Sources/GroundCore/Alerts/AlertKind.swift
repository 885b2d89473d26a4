/// What opened an alert. A struct rather than an enum so another part of ground (maintenance
/// thresholds, zones) can name its own kind without touching this file; the known kinds are below.
package struct AlertKind: RawRepresentable, Codable, Sendable, Hashable {
    package let rawValue: String

    package init(rawValue: String) { self.rawValue = rawValue }

    /// A drone event of kind `alarm`.
    package static let alarm = AlertKind(rawValue: "alarm")
    /// A delivery failed without the drone saying how it ended (package state unknown).
    package static let outcomeUnknown = AlertKind(rawValue: "outcomeUnknown")
    /// A drone went offline while airborne on an assignment.
    package static let droneOfflineInFlight = AlertKind(rawValue: "droneOfflineInFlight")
    /// A webhook endpoint failed more than the configured number of attempts in a row.
    package static let webhookFailing = AlertKind(rawValue: "webhookFailing")
    /// A weather hold stopped flights in a zone.
    package static let weatherHold = AlertKind(rawValue: "weatherHold")
    /// A drone reached a maintenance threshold (flight hours or battery cycles since its last service).
    package static let maintenanceDue = AlertKind(rawValue: "maintenanceDue")
}
