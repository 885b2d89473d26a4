import FleetProtocol
import Foundation
import MQTTClient

extension FleetLinkConfiguration {
    /// The whole fleet link from ground-control's flags: broker URL and credentials, topic prefix,
    /// instance id (`ground-<instanceID>` session) and optional telemetry share group.
    package init(
        url: String, instanceID: String, username: String? = nil, password: String? = nil, caFile: String? = nil,
        prefix: String = "skyrelay", shareGroup: String? = nil, roundInterval: Duration = .seconds(3),
        replyTimeout: Duration = .seconds(5)
    ) throws(FleetLinkConfigurationError) {
        let topics: FleetTopics
        do { topics = try FleetTopics(prefix: prefix) } catch {
            throw .invalid(field: "prefix", value: prefix, reason: "\(error)")
        }
        if let shareGroup {
            do { _ = try topics.sharedFilter(.telemetry, group: shareGroup) } catch {
                throw .invalid(field: "share-group", value: shareGroup, reason: "\(error)")
            }
        }
        self.init(
            mqtt: try Self.mqtt(
                url: url, instanceID: instanceID, username: username, password: password, caFile: caFile),
            ingest: FleetIngestConfiguration(topics: topics, shareGroup: shareGroup),
            dispatcher: DispatcherConfiguration(
                topics: topics, roundInterval: roundInterval, replyTimeout: replyTimeout))
    }

    /// How long ground's network thread gathers messages arriving in quick succession before handing
    /// them to the ingest (``MQTTConfiguration/receiveCoalescing``): at thousands of messages a second
    /// the ingest then wakes about once a millisecond instead of once per message, for at most this
    /// much added delay per message.
    static let receiveCoalescing: Duration = .milliseconds(1)

    /// The broker connection for `mqtt://[user:password@]host[:port]` or `mqtts://...` (TLS, verified against
    /// `caFile` when given, else against the system trust store).
    ///
    /// The session is persistent (clean start off, kept an hour): QoS 1 events and replies sent while
    /// ground restarts wait at the broker under `ground-<instanceID>`.
    package static func mqtt(
        url: String, instanceID: String, username: String? = nil, password: String? = nil, caFile: String? = nil
    ) throws(FleetLinkConfigurationError) -> MQTTConfiguration {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "mqtt" || scheme == "mqtts"
        else {
            throw .invalid(field: "mqtt-url", value: url, reason: "expected mqtt://host[:port] or mqtts://host[:port]")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .invalid(field: "mqtt-url", value: url, reason: "missing host")
        }
        let port = components.port ?? (scheme == "mqtts" ? 8883 : 1883)
        guard (1...65_535).contains(port) else {
            throw .invalid(field: "mqtt-url", value: url, reason: "port out of range")
        }
        guard !instanceID.isEmpty, instanceID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        else {
            throw .invalid(field: "instance-id", value: instanceID, reason: "letters, digits, '-' and '_' only")
        }
        if caFile != nil, scheme != "mqtts" {
            throw .invalid(field: "mqtt-ca", value: caFile ?? "", reason: "only meaningful with mqtts://")
        }
        // Credentials may ride in the URL (mqtts://user:password@host, as a Kubernetes secret holds
        // them); explicit flags win.
        let username = username ?? components.percentEncodedUser?.removingPercentEncoding
        let password = password ?? components.percentEncodedPassword?.removingPercentEncoding
        let tls: MQTTTLSConfiguration? =
            scheme == "mqtts"
            ? MQTTTLSConfiguration(caFile: caFile ?? "/etc/ssl/certs/ca-certificates.crt") : nil
        return MQTTConfiguration(
            host: host, port: port, clientID: "ground-\(instanceID)", username: username, password: password,
            cleanStart: false, sessionExpiry: .seconds(3600), tls: tls,
            reconnect: MQTTBackoff(minimum: .milliseconds(200), maximum: .seconds(5)),
            receiveBufferCapacity: 100_000, receiveCoalescing: Self.receiveCoalescing)
    }
}
