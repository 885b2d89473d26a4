import MAVLink

/// A mission as one firmware family takes it: the MISSION_ITEM_INTs to upload (seq 0...n-1) and the
/// phase boundaries as the autopilot's own sequence numbers (what MISSION_CURRENT.seq reports).
public struct EncodedMission: Sendable, Equatable {
    public var items: [MissionItemInt]
    public var layout: MissionLayout

    public init(items: [MissionItemInt], layout: MissionLayout) {
        self.items = items
        self.layout = layout
    }
}
