import MAVLink

/// Why a request to the autopilot failed, naming the command or mission item and the autopilot's answer.
public enum AutopilotError: Error, Sendable, CustomStringConvertible {
    /// The link is not open or the send failed.
    case sendFailed(what: String, reason: String)
    /// No COMMAND_ACK after every retry.
    case noAck(command: UInt16, attempts: Int)
    /// The autopilot answered with a failure result.
    case commandRejected(command: UInt16, result: UInt8)
    /// The mission upload did not complete after every retry.
    case missionUploadTimedOut(items: Int, attempts: Int)
    /// The autopilot refused the mission (MAV_MISSION_RESULT); `item`/`command` is the last item it was
    /// sent before refusing, nil when it refused the MISSION_COUNT itself.
    case missionRejected(result: UInt8, item: Int? = nil, command: UInt16? = nil)
    /// The endpoint could not be opened.
    case openFailed(endpoint: String, reason: String)
    /// The HEARTBEAT names an autopilot family the agent has no adapter for (or none came yet).
    case unsupportedAutopilot(String)
    /// The family has no such mode.
    case modeUnavailable(mode: String, family: String)
    /// No PARAM_VALUE for a parameter the mission depends on.
    case parameterUnavailable(name: String, attempts: Int)
    /// A parameter the mission depends on has the wrong value.
    case parameterNotSet(name: String, value: Float, mask: UInt32, purpose: String)
    /// A download (fence read-back) did not complete after every retry.
    case missionDownloadTimedOut(type: UInt8, attempts: Int)
    /// The fence read back from the autopilot is not the one uploaded.
    case fenceMismatch(String)
    /// The autopilot's own fence settings would stop the flight as planned (e.g. a maximum altitude below
    /// the cruise altitude).
    case fenceConflict(String)
    /// A parameter write was not confirmed with the value written.
    case parameterNotWritten(name: String, wanted: Float, reported: Float?)

    /// The autopilot answered and said no (as opposed to a link problem): asking again gets the same answer.
    public var isRefusal: Bool {
        switch self {
        case .commandRejected, .missionRejected, .parameterNotSet, .unsupportedAutopilot, .modeUnavailable,
            .fenceMismatch, .fenceConflict, .parameterNotWritten:
            true
        case .sendFailed, .noAck, .missionUploadTimedOut, .openFailed, .parameterUnavailable,
            .missionDownloadTimedOut:
            false
        }
    }

    public var description: String {
        switch self {
        case let .sendFailed(what, reason): "sending \(what) failed: \(reason)"
        case let .noAck(command, attempts):
            "command \(MAVNames.command(command)): no COMMAND_ACK after \(attempts) attempts"
        case let .commandRejected(command, result):
            "command \(MAVNames.command(command)), result \(MAVNames.result(result))"
        case let .missionUploadTimedOut(items, attempts):
            "mission upload of \(items) items timed out after \(attempts) attempts"
        case let .missionRejected(result, item?, command?):
            "mission item \(item), command \(MAVNames.command(command)), result \(MAVNames.missionResult(result))"
        case let .missionRejected(result, _, _): "mission count refused, result \(MAVNames.missionResult(result))"
        case let .openFailed(endpoint, reason): "cannot open MAVLink endpoint \(endpoint): \(reason)"
        case let .unsupportedAutopilot(detail): detail
        case let .modeUnavailable(mode, family): "\(family) has no \(mode) mode"
        case let .parameterUnavailable(name, attempts): "parameter \(name): no PARAM_VALUE after \(attempts) requests"
        case let .parameterNotSet(name, value, mask, purpose):
            "parameter \(name) is \(Int(value)), needs bits \(mask) set: \(purpose)"
        case let .missionDownloadTimedOut(type, attempts):
            "download of mission type \(type) timed out after \(attempts) attempts"
        case let .fenceMismatch(detail): "fence read back differs from the upload: \(detail)"
        case let .fenceConflict(detail): detail
        case let .parameterNotWritten(name, wanted, reported?):
            "parameter \(name): wrote \(wanted), autopilot reports \(reported)"
        case let .parameterNotWritten(name, wanted, nil): "parameter \(name): writing \(wanted) was not confirmed"
        }
    }
}
