import DroneAgent
import Foundation
import MAVLink
import TestSupport
import Testing

@Suite("Agent configuration: MAVLink bind address and signing key")
struct AgentSigningConfigurationTests {
    static let hex = "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210"

    @Test("the default autopilot URL listens on the loopback only")
    func loopbackDefault() throws {
        let config = try AgentConfiguration.parse(yaml: "droneId: d1")
        #expect(try MAVLinkEndpoint(config.mavlinkURL) == .udpListen(host: "127.0.0.1", port: 14540))
        #expect(try config.mavlinkSecurity() == .none)
    }

    @Test("a key file in hex or base64 turns signing on")
    func keyFile() throws {
        let directory = try TemporaryDirectory(prefix: "agent-signing")
        let hexFile = directory.file("hex.key")
        try (Self.hex + "\n").write(to: hexFile, atomically: true, encoding: .utf8)
        let key = try MAVLinkSigningKey(text: Self.hex)
        let base64File = directory.file("b64.key")
        try Data(key.bytes).base64EncodedString().write(to: base64File, atomically: true, encoding: .utf8)
        for file in [hexFile, base64File] {
            let config = try AgentConfiguration.parse(yaml: "droneId: d1\nmavlinkSigningKeyFile: \(file.path)")
            #expect(try config.mavlinkSecurity().signingKey == key)
        }
    }

    @Test("a missing, short or all-zero key file, or a bad URL, is refused naming the field")
    func refused() throws {
        let directory = try TemporaryDirectory(prefix: "agent-signing")
        let short = directory.file("short.key")
        try "0011".write(to: short, atomically: true, encoding: .utf8)
        let zero = directory.file("zero.key")
        try String(repeating: "0", count: 64).write(to: zero, atomically: true, encoding: .utf8)
        for path in [directory.file("missing.key").path, short.path, zero.path] {
            #expect {
                try AgentConfiguration.parse(yaml: "droneId: d1\nmavlinkSigningKeyFile: \(path)")
            } throws: { error in
                guard case .invalid(let field, _) = error as? ConfigurationError else { return false }
                return field == "mavlinkSigningKeyFile"
            }
        }
        #expect {
            try AgentConfiguration.parse(yaml: "droneId: d1\nmavlinkUrl: tcp://:5760")
        } throws: { error in
            guard case .invalid(let field, _) = error as? ConfigurationError else { return false }
            return field == "mavlinkUrl"
        }
    }
}
