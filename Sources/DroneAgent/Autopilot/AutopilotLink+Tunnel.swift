import MAVLink

extension AutopilotLink {
    /// Writes a remote ground station's MAVLink frames to the autopilot unchanged (its own system and
    /// component ids, sequence and signature), as mavlink-router forwards between endpoints.
    public func forward(rawFrames bytes: [UInt8]) async throws(AutopilotError) {
        guard let connection else { throw .sendFailed(what: "tunnelled frames", reason: "link not open") }
        do { try await connection.send(rawFrames: bytes) } catch {
            throw .sendFailed(what: "tunnelled frames", reason: "\(error)")
        }
    }
}
