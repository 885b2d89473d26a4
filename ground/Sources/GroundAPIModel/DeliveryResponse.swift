import FleetProtocol
import Foundation
import GroundCore

/// A delivery as the API shows it.
package struct DeliveryResponse: Codable, Sendable, Hashable {
    package struct ETA: Codable, Sendable, Hashable {
        package var pickup: Date?
        package var dropoff: Date?
        /// ± seconds either time may move (the day plan's uncertainty while the delivery waits in a
        /// drone's queue); absent once the flight is tracked live.
        package var marginSeconds: Double?
    }

    package var id: String
    package var businessID: String
    package var status: DeliveryStatus
    package var reason: String?
    package var pickup: GeoPoint
    package var dropoff: GeoPoint
    package var weightKg: Double
    package var size: PackageSize
    /// Pickup window: earliest and latest pickup.
    package var window: DeliveryWindow?
    /// Latest dropoff.
    package var deadline: Date?
    package var priority: DeliveryPriority
    /// Seconds the dropoff ETA lies past the deadline (0: on time); absent without deadline or ETA.
    /// A booking the best plan cannot deliver in time is accepted with this above 0 and the reason.
    package var lateBySeconds: Double?
    package var droneID: String?
    package var assignmentID: String?
    /// Latest estimate.
    package var eta: ETA
    /// Estimate given when first scheduled.
    package var initialEta: ETA
    package var energyUsedWh: Double?
    package var createdAt: Date
    package var updatedAt: Date
    /// When each status was first reached, keyed by status name.
    package var statusTimes: [String: Date]
    /// Opens this delivery's tracking stream and page without the business key (single-delivery
    /// answers only; lists leave it out).
    package var trackingToken: String?
    /// Relative URL of the customer tracking page, token included: the link a business sends on.
    package var trackingUrl: String?

    package init(_ d: Delivery) {
        id = d.id
        businessID = d.businessID
        status = d.status
        reason = d.reason
        pickup = d.pickup
        dropoff = d.dropoff
        weightKg = d.weightKg
        size = d.size
        window = d.window
        deadline = d.deadline
        priority = d.priority
        lateBySeconds = d.lateBySeconds
        droneID = d.assignedDroneID
        assignmentID = d.assignmentID
        eta = ETA(pickup: d.etaPickup, dropoff: d.etaDropoff, marginSeconds: d.etaMarginSeconds)
        initialEta = ETA(pickup: d.initialETAPickup, dropoff: d.initialETADropoff)
        energyUsedWh = d.energyUsedWh
        createdAt = d.createdAt
        updatedAt = d.updatedAt
        statusTimes = Dictionary(uniqueKeysWithValues: d.statusTimes.map { ($0.key.rawValue, $0.value) })
    }
    enum CodingKeys: String, CodingKey {
        case id
        case businessID = "businessId"
        case status, reason, pickup, dropoff, weightKg, size, window, deadline, priority, lateBySeconds
        case droneID = "droneId"
        case assignmentID = "assignmentId"
        case eta, initialEta, energyUsedWh, createdAt, updatedAt, statusTimes, trackingToken, trackingUrl
    }
}
