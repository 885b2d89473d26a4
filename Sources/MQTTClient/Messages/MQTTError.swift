/// Everything `MQTTClient` can throw. Cases carry the libmosquitto return code or MQTT reason code
/// together with libmosquitto's own text for it, so a log line says exactly what went wrong.
public enum MQTTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broker answered CONNECT with a failure reason code (bad credentials, not authorized,
    /// banned, ...). `code` is the MQTT v5 reason code, or the v3.1.1 CONNACK return code.
    case connectionRefused(code: Int32, message: String)
    /// TLS could not be set up or the handshake failed (unknown CA, bad certificate, ...).
    case tls(code: Int32, message: String)
    /// A libmosquitto call failed; `call` names it.
    case library(call: String, code: Int32, message: String)
    /// The client is not connected and did not get a connection back in time
    /// (or `connect()` was never called).
    case notConnected
    /// The connection dropped; `code` is libmosquitto's disconnect rc or the broker's reason code.
    case connectionLost(code: Int32, message: String)
    /// The broker did not answer `operation` within the configured timeout. For a publish the
    /// message may still be delivered later (libmosquitto keeps retrying it): at-least-once.
    case timeout(operation: String)
    /// The broker answered with a failure reason code (e.g. PUBACK 0x87 not authorized,
    /// SUBACK 0x80). `operation` names the request, e.g. the topic or filter.
    case rejected(operation: String, code: Int32, message: String)
    /// `disconnect()` was called while the operation was waiting.
    case shutdown

    public var description: String {
        switch self {
        case .connectionRefused(let code, let message): "MQTT connection refused (reason \(code)): \(message)"
        case .tls(let code, let message): "MQTT TLS failure (rc \(code)): \(message)"
        case .library(let call, let code, let message): "libmosquitto \(call) failed (rc \(code)): \(message)"
        case .notConnected: "MQTT client is not connected"
        case .connectionLost(let code, let message): "MQTT connection lost (rc \(code)): \(message)"
        case .timeout(let operation): "MQTT \(operation) timed out"
        case .rejected(let operation, let code, let message):
            "MQTT \(operation) rejected by broker (reason \(code)): \(message)"
        case .shutdown: "MQTT client was shut down"
        }
    }

    /// True when the broker refused the credentials or the client is not allowed to connect.
    public var isAuthorizationFailure: Bool {
        guard case .connectionRefused(let code, _) = self else { return false }
        // v5: 0x86 bad user name or password, 0x87 not authorized; v3.1.1: 4 and 5.
        return code == 0x86 || code == 0x87 || code == 4 || code == 5
    }
}
