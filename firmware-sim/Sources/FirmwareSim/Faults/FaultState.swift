/// Faults currently injected into one vehicle.
public struct FaultState: Sendable, Hashable {
    /// GPS reports no fix.
    public var gpsLost = false
    /// A motor failed: the vehicle descends and lands and refuses to arm.
    public var motorFailed = false
    /// Until this simulated time nothing is sent or received.
    public var linkDownUntil: Double = 0
    /// Probability (0...1) that any single message in either direction is lost.
    public var messageLossRate: Double = 0

    public init() {}
}
