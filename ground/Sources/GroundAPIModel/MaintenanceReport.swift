import Foundation
import GroundCore

/// `GET /v1/drones/{droneId}/maintenance` (and the maintenance actions') answer.
package struct MaintenanceReport: Codable, Sendable, Hashable {
    package struct OutOfService: Codable, Sendable, Hashable {
        package var reason: String
        package var since: Date
    }

    package var droneID: String
    package var inService: Bool
    package var outOfService: OutOfService?
    package var lastServiceAt: Date?
    package var lastServiceNote: String?
    /// Airborne hours in the stored telemetry since the last service (all of it when never serviced).
    package var flightHours: Double
    /// Full-equivalent battery cycles over the same span.
    package var batteryCycles: Double
    /// Charges seen over the same span.
    package var charges: Int
    /// The oldest sample measured: telemetry older than the retention is gone, so the measures start
    /// here at the earliest (absent: no telemetry stored).
    package var measuredFrom: Date?
    package var thresholds: MaintenanceThresholds
    /// The thresholds reached (`flightHours`, `batteryCycles`); empty when none.
    package var due: [String]

    package init(_ record: DroneMaintenance, usage: FlightUsage, thresholds: MaintenanceThresholds) {
        droneID = record.droneID
        inService = record.outOfService == nil
        outOfService = record.outOfService.map { OutOfService(reason: $0.reason, since: $0.since) }
        lastServiceAt = record.lastServiceAt
        lastServiceNote = record.lastServiceNote
        flightHours = usage.flightHours
        batteryCycles = usage.batteryCycles
        charges = usage.charges
        measuredFrom = usage.from
        self.thresholds = thresholds
        due = thresholds.due(usage)
    }

    package enum CodingKeys: String, CodingKey {
        case droneID = "droneId"
        case inService, outOfService, lastServiceAt, lastServiceNote, flightHours, batteryCycles, charges
        case measuredFrom, thresholds, due
    }
}
