import FleetProtocol
import Foundation

/// What ground control currently knows about one drone (operator fleet view).
package struct DroneLiveState: Codable, Sendable, Hashable {
    package var droneID: String
    package var online: Bool
    package var position: TrackingUpdate.Position?
    package var batteryPercent: Double?
    /// The pack's charge state and when it will be ready (charged or swapped), as last reported.
    package var chargeState: Telemetry.Battery.ChargeState?
    package var readyAt: Date?
    package var groundSpeed: Double?
    /// Heading over ground, degrees from north (0...360), from the last telemetry sample.
    package var headingDeg: Double?
    package var phase: AssignmentPhase?
    package var assignmentID: String?
    package var deliveryID: String?
    package var home: GeoPoint?
    package var maxPayloadKg: Double?
    /// The performance and energy model the drone advertised (its agent's acceptance model); the scheduler
    /// plans this drone with it.
    package var profile: VehicleProfile?
    /// GPS 3-D fix and armable as last reported; nil until the first telemetry sample.
    package var healthy: Bool?
    package var lastSeen: Date?

    package init(
        droneID: String, online: Bool = false, position: TrackingUpdate.Position? = nil,
        batteryPercent: Double? = nil, groundSpeed: Double? = nil, headingDeg: Double? = nil,
        phase: AssignmentPhase? = nil,
        assignmentID: String? = nil, deliveryID: String? = nil, home: GeoPoint? = nil,
        maxPayloadKg: Double? = nil, profile: VehicleProfile? = nil, healthy: Bool? = nil, lastSeen: Date? = nil
    ) {
        self.droneID = droneID
        self.online = online
        self.position = position
        self.batteryPercent = batteryPercent
        self.groundSpeed = groundSpeed
        self.headingDeg = headingDeg
        self.phase = phase
        self.assignmentID = assignmentID
        self.deliveryID = deliveryID
        self.home = home
        self.maxPayloadKg = maxPayloadKg
        self.profile = profile
        self.healthy = healthy
        self.lastSeen = lastSeen
    }
}
