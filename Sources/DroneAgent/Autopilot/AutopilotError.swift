import MAVLink

/// Why a request to the autopilot failed, naming the command or mission step.
public enum AutopilotError: Error, Sendable, CustomStringConvertible {
    /// The link is not open or the send failed.
    case sendFailed(what: String, reason: String)
    /// No COMMAND_ACK after every retry.
    case noAck(command: UInt16, attempts: Int)
    /// The autopilot answered with a failure result.
    case commandRejected(command: UInt16, result: UInt8)
    /// The mission upload did not complete after every retry.
    case missionUploadTimedOut(items: Int, attempts: Int)
    /// The autopilot refused the mission (MAV_MISSION_RESULT).
    case missionRejected(result: UInt8)
    /// The endpoint could not be opened.
    case openFailed(endpoint: String, reason: String)

    public var description: String {
        switch self {
        case let .sendFailed(what, reason): "sending \(what) failed: \(reason)"
        case let .noAck(command, attempts): "no COMMAND_ACK for command \(command) after \(attempts) attempts"
        case let .commandRejected(command, result): "command \(command) rejected with MAV_RESULT \(result)"
        case let .missionUploadTimedOut(items, attempts): "mission upload of \(items) items timed out after \(attempts) attempts"
        case let .missionRejected(result): "mission rejected with MAV_MISSION_RESULT \(result)"
        case let .openFailed(endpoint, reason): "cannot open MAVLink endpoint \(endpoint): \(reason)"
        }
    }
}
