import Foundation

/// An operator's maintenance record of a drone: whether it may be dispatched and when it was last serviced.
package struct DroneMaintenance: Codable, Sendable, Hashable {
    /// Why and since when a drone is kept from dispatch.
    package struct OutOfService: Codable, Sendable, Hashable {
        package var reason: String
        package var since: Date

        package init(reason: String, since: Date) {
            self.reason = reason
            self.since = since
        }
    }

    package var droneID: String
    /// Set while the drone is out of service: the dispatcher never offers it work.
    package var outOfService: OutOfService?
    package var lastServiceAt: Date?
    package var lastServiceNote: String?

    package init(
        droneID: String, outOfService: OutOfService? = nil, lastServiceAt: Date? = nil, lastServiceNote: String? = nil
    ) {
        self.droneID = droneID
        self.outOfService = outOfService
        self.lastServiceAt = lastServiceAt
        self.lastServiceNote = lastServiceNote
    }
}
