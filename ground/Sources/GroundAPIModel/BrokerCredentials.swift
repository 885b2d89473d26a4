/// A drone's MQTT account, shown once at registration: ground keeps no copy of the password.
/// The operator adds it to the broker's password file (`mosquitto_passwd -b FILE username password`)
/// and reloads the broker.
package struct BrokerCredentials: Codable, Sendable, Hashable {
    package var username: String
    package var password: String

    package init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}
