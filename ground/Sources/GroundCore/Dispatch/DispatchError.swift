/// Why an operator command could not be sent to a drone.
package enum DispatchError: Error, Sendable, Hashable {
    case unknownDrone(String)
    case droneOffline(String)
    case rejected(droneID: String, reason: String)
    /// No link to the fleet is configured (e.g. ground-control started without MQTT).
    case unavailable(String)
}
