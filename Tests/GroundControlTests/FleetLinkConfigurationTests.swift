import GroundLink
import MQTTClient
import Testing

@Suite("Fleet link configuration from URLs")
struct FleetLinkConfigurationTests {
    @Test("mqtts://user:password@host:port carries credentials and TLS; explicit values win")
    func credentialsInTheURL() throws {
        let fromURL = try FleetLinkConfiguration.mqtt(
            url: "mqtts://ground:p%40ss@broker.example:8884", instanceID: "pod-1",
            caFile: "/etc/skyrelay/mqtt/ca.crt")
        #expect(fromURL.host == "broker.example" && fromURL.port == 8884)
        #expect(fromURL.username == "ground" && fromURL.password == "p@ss")
        #expect(fromURL.clientID == "ground-pod-1" && fromURL.tls?.caFile == "/etc/skyrelay/mqtt/ca.crt")

        let explicit = try FleetLinkConfiguration.mqtt(
            url: "mqtt://ground:old@127.0.0.1", instanceID: "main",
            username: "ops", password: "new")
        #expect(
            explicit.username == "ops" && explicit.password == "new" && explicit.port == 1883 && explicit.tls == nil)
    }

    @Test("bad URLs name the field", arguments: ["http://host", "mqtt://", "mqtt://host:70000"])
    func badURLs(url: String) {
        #expect(throws: FleetLinkConfigurationError.self) {
            try FleetLinkConfiguration.mqtt(url: url, instanceID: "main")
        }
    }
}
