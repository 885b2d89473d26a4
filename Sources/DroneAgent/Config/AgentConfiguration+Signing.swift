import MAVLink

extension AgentConfiguration {
    /// The autopilot link's signing set-up: none without `mavlinkSigningKeyFile`, else the key read
    /// from it. Nothing is accepted unsigned: the autopilot is the only peer and signs everything.
    public func mavlinkSecurity() throws(ConfigurationError) -> MAVLinkLinkSecurity {
        guard let path = mavlinkSigningKeyFile else { return .none }
        do {
            return MAVLinkLinkSecurity(signingKey: try MAVLinkSigningKey(contentsOfFile: path), linkID: 0)
        } catch {
            throw .invalid(field: "mavlinkSigningKeyFile", reason: error.description)
        }
    }
}
