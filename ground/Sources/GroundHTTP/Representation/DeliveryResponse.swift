import FleetProtocol
import Foundation
import GroundCore

/// A delivery as the API shows it.
public struct DeliveryResponse: Codable, Sendable, Hashable {
    public struct ETA: Codable, Sendable, Hashable {
        public var pickup: Date?
        public var dropoff: Date?
    }

    public var id: String
    public var businessId: String
    public var status: DeliveryStatus
    public var reason: String?
    public var pickup: GeoPoint
    public var dropoff: GeoPoint
    public var weightKg: Double
    public var size: PackageSize
    public var window: DeliveryWindow?
    public var droneId: String?
    public var assignmentId: String?
    /// Latest estimate.
    public var eta: ETA
    /// Estimate given when first scheduled.
    public var initialEta: ETA
    public var energyUsedWh: Double?
    public var createdAt: Date
    public var updatedAt: Date
    /// When each status was first reached, keyed by status name.
    public var statusTimes: [String: Date]
    /// Opens this delivery's tracking stream and page without the business key (single-delivery
    /// answers only; lists leave it out).
    public var trackingToken: String?
    /// Relative URL of the customer tracking page, token included: the link a business sends on.
    public var trackingUrl: String?

    public init(_ d: Delivery) {
        id = d.id
        businessId = d.businessID
        status = d.status
        reason = d.reason
        pickup = d.pickup
        dropoff = d.dropoff
        weightKg = d.weightKg
        size = d.size
        window = d.window
        droneId = d.assignedDroneID
        assignmentId = d.assignmentID
        eta = ETA(pickup: d.etaPickup, dropoff: d.etaDropoff)
        initialEta = ETA(pickup: d.initialETAPickup, dropoff: d.initialETADropoff)
        energyUsedWh = d.energyUsedWh
        createdAt = d.createdAt
        updatedAt = d.updatedAt
        statusTimes = Dictionary(uniqueKeysWithValues: d.statusTimes.map { ($0.key.rawValue, $0.value) })
    }
}
