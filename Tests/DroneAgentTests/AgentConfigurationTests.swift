import DroneAgent
import FleetProtocol
import Foundation
import Testing

@Suite("Agent configuration")
struct AgentConfigurationTests {
    @Test("a one-line config gets every documented default")
    func defaults() throws {
        let config = try AgentConfiguration.parse(yaml: "droneId: sr-001\n")
        #expect(config == AgentConfiguration(droneID: "sr-001"))
        #expect(config.telemetryRateHz == 2 && config.reserveFraction == 0.2 && config.heartbeatTimeoutSeconds == 3)
        #expect(
            config.linkLossReturnSeconds == 60 && config.mavlinkURL == "udp://:14540" && config.loadingMode == .land)
        #expect(config.mqtt.host == "127.0.0.1" && config.mqtt.port == 1883 && config.mqtt.topicPrefix == "skyrelay")
        #expect(config.fence == nil && config.profile == VehicleProfile.default)
    }

    @Test("the example config in deploy/agent parses")
    func deployExample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let config = try AgentConfiguration.load(path: root.appendingPathComponent("deploy/agent/agent.yaml").path)
        #expect(config.droneID == "drone-001" && config.mqtt.tls?.caFile == "/etc/skyrelay/ca.pem")
        #expect(config.fence?.vertices.count == 4)
        #expect(config.mavlinkURL.hasPrefix("serial://"))
    }

    @Test("bad values are rejected with the field they concern")
    func invalid() {
        #expect(throws: ConfigurationError.invalid(field: "droneId", reason: "must match [A-Za-z0-9_-]{1,64}")) {
            try AgentConfiguration.parse(yaml: "droneId: 'no spaces allowed'\n")
        }
        #expect(throws: ConfigurationError.invalid(field: "telemetryRateHz", reason: "must be in (0, 50]")) {
            try AgentConfiguration.parse(yaml: "droneId: a\ntelemetryRateHz: 0\n")
        }
        #expect(throws: ConfigurationError.invalid(field: "reserveFraction", reason: "must be in [0, 1)")) {
            try AgentConfiguration.parse(yaml: "droneId: a\nreserveFraction: 1.5\n")
        }
        #expect {
            try AgentConfiguration.parse(yaml: "droneId: a\ngeofence: [{lat: 1, lon: 1}]\n")
        } throws: { error in
            if case .invalid(field: "geofence", _)? = error as? ConfigurationError { true } else { false }
        }
        #expect {
            try AgentConfiguration.parse(yaml: "droneId: [unclosed\n", path: "x.yaml")
        } throws: { error in
            if case .malformed(path: "x.yaml", _)? = error as? ConfigurationError { true } else { false }
        }
        #expect {
            try AgentConfiguration.load(path: "/nonexistent/agent.yaml")
        } throws: { error in
            if case .unreadable(path: "/nonexistent/agent.yaml", _)? = error as? ConfigurationError {
                true
            } else {
                false
            }
        }
    }
}
