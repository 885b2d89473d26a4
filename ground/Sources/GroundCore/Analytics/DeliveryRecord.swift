/// One delivery as stored, the input of ``DeliveryAnalytics``. Times are seconds since epoch.
package struct DeliveryRecord: Sendable, Hashable, Codable {
    /// Terminal or current status of the delivery.
    package enum Status: String, Sendable, Hashable, Codable {
        case requested, scheduled, pickupInProgress, inTransit, delivered, completed, cancelled, failed
    }

    package var id: String
    package var status: Status
    package var requestedAt: Double
    package var scheduledAt: Double?
    package var pickedUpAt: Double?
    package var deliveredAt: Double?
    package var completedAt: Double?
    /// The first dropoff ETA promised (at request/scheduling time), kept to measure ETA error.
    package var firstDropoffETA: Double?
    package var droneID: String?
    package var energyUsedWh: Double?
    package var flightSeconds: Double?
    /// The customer's latest dropoff, when the booking has one.
    package var deadline: Double?

    package init(
        id: String, status: Status, requestedAt: Double, scheduledAt: Double? = nil,
        pickedUpAt: Double? = nil, deliveredAt: Double? = nil, completedAt: Double? = nil,
        firstDropoffETA: Double? = nil, droneID: String? = nil, energyUsedWh: Double? = nil,
        flightSeconds: Double? = nil, deadline: Double? = nil
    ) {
        self.id = id
        self.status = status
        self.requestedAt = requestedAt
        self.scheduledAt = scheduledAt
        self.pickedUpAt = pickedUpAt
        self.deliveredAt = deliveredAt
        self.completedAt = completedAt
        self.firstDropoffETA = firstDropoffETA
        self.droneID = droneID
        self.energyUsedWh = energyUsedWh
        self.flightSeconds = flightSeconds
        self.deadline = deadline
    }
}
