import CMosquitto
import Foundation

extension MQTTError {
    /// Maps a libmosquitto return code of `call` to the typed error; `errno` is read at once
    /// because MOSQ_ERR_ERRNO means "look at errno".
    static func mosquitto(_ call: String, rc: Int32, errno savedErrno: Int32 = errno) -> MQTTError {
        switch rc {
        case Int32(MOSQ_ERR_NO_CONN.rawValue):
            return .notConnected
        case Int32(MOSQ_ERR_TLS.rawValue), Int32(MOSQ_ERR_TLS_HANDSHAKE.rawValue):
            return .tls(code: rc, message: "\(String(cString: mosquitto_strerror(rc))) in \(call)")
        case Int32(MOSQ_ERR_ERRNO.rawValue):
            return .library(call: call, code: savedErrno, message: String(cString: strerror(savedErrno)))
        case Int32(MOSQ_ERR_CONN_LOST.rawValue):
            return .connectionLost(code: rc, message: String(cString: mosquitto_strerror(rc)))
        default:
            return .library(call: call, code: rc, message: String(cString: mosquitto_strerror(rc)))
        }
    }

    /// Text of an MQTT reason code (v5) or CONNACK return code (v3.1.1).
    static func reasonText(_ code: Int32, version: MQTTProtocolVersion) -> String {
        switch version {
        case .v5: String(cString: mosquitto_reason_string(code))
        case .v311: String(cString: mosquitto_connack_string(code))
        }
    }
}
