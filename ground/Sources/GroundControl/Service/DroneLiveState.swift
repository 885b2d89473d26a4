import Foundation

/// What ground control currently knows about one drone (operator fleet view).
public struct DroneLiveState: Codable, Sendable, Hashable {
    public var droneID: String
    public var online: Bool
    public var position: TrackingUpdate.Position?
    public var batteryPercent: Double?
    public var groundSpeed: Double?
    public var phase: DronePhase?
    public var assignmentID: String?
    public var deliveryID: String?
    public var home: Coordinate?
    public var maxPayloadKg: Double?
    public var lastSeen: Date?

    public init(
        droneID: String, online: Bool = false, position: TrackingUpdate.Position? = nil,
        batteryPercent: Double? = nil, groundSpeed: Double? = nil, phase: DronePhase? = nil,
        assignmentID: String? = nil, deliveryID: String? = nil, home: Coordinate? = nil,
        maxPayloadKg: Double? = nil, lastSeen: Date? = nil
    ) {
        self.droneID = droneID
        self.online = online
        self.position = position
        self.batteryPercent = batteryPercent
        self.groundSpeed = groundSpeed
        self.phase = phase
        self.assignmentID = assignmentID
        self.deliveryID = deliveryID
        self.home = home
        self.maxPayloadKg = maxPayloadKg
        self.lastSeen = lastSeen
    }
}
