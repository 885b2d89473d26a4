/// Counters of a running simulation.
public struct SimulatorStatistics: Sendable, Hashable {
    public var steps = 0
    public var simulatedSeconds = 0.0
    /// How far (wall seconds) the simulation is behind the wall clock now, and at worst so far.
    public var lagSeconds = 0.0
    public var maxLagSeconds = 0.0
    /// Wall seconds the event loop spent stepping vehicles, sending and handling received frames:
    /// divided by elapsed wall time, the share of one core the simulation uses (an upper bound,
    /// since time the thread was preempted counts too).
    public var busySeconds = 0.0
    /// CPU time the simulation thread has used (sampled once per tick), seconds; 0 where unavailable.
    public var cpuSeconds = 0.0
    public var framesSent = 0
    public var framesReceived = 0
    public var decodeErrors = 0
    public var droppedByLinkLoss = 0
    public var droppedByMessageLoss = 0
    /// Frames refused on a signed link: unsigned, badly signed or replayed.
    public var signatureRejected = 0
    /// Datagrams whose frames came from someone other than the learned peer while it was talking:
    /// processed, as PX4 processes every datagram on its port, but the stream stayed with the peer.
    public var foreignDatagrams = 0
    /// Times a vehicle learned a peer (the first, or a new one after the old fell silent).
    public var peerChanges = 0

    public init() {}
}
