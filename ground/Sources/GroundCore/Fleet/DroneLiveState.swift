import FleetProtocol
import Foundation

/// What ground control currently knows about one drone (operator fleet view).
public struct DroneLiveState: Codable, Sendable, Hashable {
    public var droneID: String
    public var online: Bool
    public var position: TrackingUpdate.Position?
    public var batteryPercent: Double?
    public var groundSpeed: Double?
    /// Heading over ground, degrees from north (0...360), from the last telemetry sample.
    public var headingDeg: Double?
    public var phase: AssignmentPhase?
    public var assignmentID: String?
    public var deliveryID: String?
    public var home: GeoPoint?
    public var maxPayloadKg: Double?
    /// The performance and energy model the drone advertised (its agent's acceptance model); the scheduler
    /// plans this drone with it.
    public var profile: VehicleProfile?
    /// GPS 3-D fix and armable as last reported; nil until the first telemetry sample.
    public var healthy: Bool?
    public var lastSeen: Date?

    public init(
        droneID: String, online: Bool = false, position: TrackingUpdate.Position? = nil,
        batteryPercent: Double? = nil, groundSpeed: Double? = nil, headingDeg: Double? = nil, phase: AssignmentPhase? = nil,
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
