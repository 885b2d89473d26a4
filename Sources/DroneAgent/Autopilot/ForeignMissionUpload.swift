/// A MISSION_COUNT for the vehicle's mission seen from another system or component: someone else is
/// replacing the mission.
public struct ForeignMissionUpload: Sendable, Equatable {
    /// Increases with every such upload seen, so a watcher tells a new one from the last.
    public var serial: Int
    public var systemID: UInt8
    public var componentID: UInt8
    /// Items announced.
    public var count: Int

    public init(serial: Int, systemID: UInt8, componentID: UInt8, count: Int) {
        self.serial = serial
        self.systemID = systemID
        self.componentID = componentID
        self.count = count
    }

    public var description: String {
        "mission of \(count) items uploaded by another ground station (sysid \(systemID), compid \(componentID))"
    }
}
