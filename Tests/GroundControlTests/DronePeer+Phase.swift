import FleetProtocol

extension DronePeer {
    /// Flies one assignment phase as an agent reports it: the phase event (next eventSeq) and the retained
    /// state the agent republishes, which names the assignment until the phase is terminal.
    func report(
        _ drone: String, seq: inout UInt64, _ assignment: String, _ phase: AssignmentPhase, at point: GeoPoint,
        home: GeoPoint
    ) async throws {
        seq += 1
        try await event(drone, seq: seq, assignmentID: assignment, phase: phase, at: point)
        try await online(
            drone, at: home, assignmentID: phase.isTerminal ? nil : assignment,
            phase: phase.isTerminal ? nil : phase)
    }
}
