import FleetProtocol
import Foundation

/// One package to carry from `pickup` to `dropoff` for a business.
package struct Delivery: Codable, Sendable, Hashable, Identifiable {
    package var id: String
    package var businessID: String
    package var pickup: GeoPoint
    package var dropoff: GeoPoint
    package var weightKg: Double
    package var size: PackageSize
    /// The pickup window: earliest and latest pickup.
    package var window: DeliveryWindow?
    /// Latest dropoff the business asked for.
    package var deadline: Date?
    package var priority: DeliveryPriority
    package var status: DeliveryStatus
    /// Why the delivery is queued, failed or cancelled (e.g. "no drone with enough battery").
    package var reason: String?
    package var assignedDroneID: String?
    package var assignmentID: String?
    /// ETAs promised when the delivery was first scheduled; kept to analyse ETA error.
    package var initialETAPickup: Date?
    package var initialETADropoff: Date?
    /// Latest ETAs recomputed from telemetry.
    package var etaPickup: Date?
    package var etaDropoff: Date?
    /// How far either ETA may move, ± seconds: the plan's uncertainty (a queued delivery's ETA rests on
    /// the jobs before it in its drone's queue).
    package var etaMarginSeconds: Double?
    package var energyUsedWh: Double?
    /// Drones that refused this delivery, so the scheduler tries the next best one.
    package var rejectedBy: [String]
    /// The drone an operator dispatched this delivery to by hand: the scheduler offers it to no other.
    package var pinnedDroneID: String?
    package var createdAt: Date
    package var updatedAt: Date
    /// When each status was first reached.
    package var statusTimes: [DeliveryStatus: Date]
    /// The stored row's version when this value was read: a save succeeds only if the row still has
    /// it (compare-and-set), and the store bumps it.
    package var version: Int64

    package init(
        id: String, businessID: String, pickup: GeoPoint, dropoff: GeoPoint,
        weightKg: Double, size: PackageSize, window: DeliveryWindow? = nil,
        deadline: Date? = nil, priority: DeliveryPriority = .standard, etaMarginSeconds: Double? = nil,
        status: DeliveryStatus = .requested, reason: String? = nil,
        assignedDroneID: String? = nil, assignmentID: String? = nil,
        initialETAPickup: Date? = nil, initialETADropoff: Date? = nil,
        etaPickup: Date? = nil, etaDropoff: Date? = nil, energyUsedWh: Double? = nil,
        rejectedBy: [String] = [], pinnedDroneID: String? = nil, createdAt: Date, updatedAt: Date? = nil,
        statusTimes: [DeliveryStatus: Date] = [:], version: Int64 = 0
    ) {
        self.id = id
        self.businessID = businessID
        self.pickup = pickup
        self.dropoff = dropoff
        self.weightKg = weightKg
        self.size = size
        self.window = window
        self.deadline = deadline
        self.priority = priority
        self.etaMarginSeconds = etaMarginSeconds
        self.status = status
        self.reason = reason
        self.assignedDroneID = assignedDroneID
        self.assignmentID = assignmentID
        self.initialETAPickup = initialETAPickup
        self.initialETADropoff = initialETADropoff
        self.etaPickup = etaPickup
        self.etaDropoff = etaDropoff
        self.energyUsedWh = energyUsedWh
        self.rejectedBy = rejectedBy
        self.pinnedDroneID = pinnedDroneID
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.statusTimes = statusTimes.isEmpty ? [status: createdAt] : statusTimes
        self.version = version
    }

    /// Seconds the latest dropoff ETA lies past the deadline (nil: no deadline or no ETA; 0: on time).
    package var lateBySeconds: Double? {
        guard let deadline, let etaDropoff else { return nil }
        return max(0, etaDropoff.timeIntervalSince(deadline))
    }
}
