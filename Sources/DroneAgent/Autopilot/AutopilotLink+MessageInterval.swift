import Logging
import MAVLink

extension AutopilotLink {
    /// Sets one stream's interval (MAV_CMD_SET_MESSAGE_INTERVAL: -1 off, 0 the autopilot's default) and
    /// says whether the autopilot accepted. A refusal or a lost answer is logged at `failureLevel`, naming
    /// the message and `purpose`: a stream the agent needs is worth a warning, an unread one only a note.
    /// It is not retried beyond the command's own retries: the stream was asked for once per appearance
    /// of the autopilot, and asked again when it reappears.
    @discardableResult
    func setMessageInterval(
        _ messageID: UInt32, microseconds: Float, purpose: String, failureLevel: Logger.Level
    ) async -> Bool {
        do {
            let result = try await command(.setMessageInterval, params: [Float(messageID), microseconds], retries: 2)
            guard result == .accepted else {
                logger.log(
                    level: failureLevel, "stream rate change refused",
                    metadata: ["message": "\(messageID)", "for": "\(purpose)", "result": "\(result.rawValue)"])
                return false
            }
            logger.debug("stream rate changed", metadata: ["message": "\(messageID)", "for": "\(purpose)"])
            return true
        } catch {
            logger.log(
                level: failureLevel, "stream rate change failed",
                metadata: ["message": "\(messageID)", "for": "\(purpose)", "error": "\(error)"])
            return false
        }
    }
}
