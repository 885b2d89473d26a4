/// A delivery mission before encoding: the steps and, by step index, where each lifecycle phase starts.
public struct MissionPlan: Sendable, Equatable {
    public var steps: [MissionStep]
    /// Phase boundaries as indices into `steps` (`itemCount` = number of steps).
    public var layout: MissionLayout

    public init(steps: [MissionStep], layout: MissionLayout) {
        self.steps = steps
        self.layout = layout
    }
}
