/// One delivery as stored, the input of ``DeliveryAnalytics``. Times are seconds since epoch.
public struct DeliveryRecord: Sendable, Hashable, Codable {
    /// Terminal or current status of the delivery.
    public enum Status: String, Sendable, Hashable, Codable {
        case requested, scheduled, pickupInProgress, inTransit, delivered, completed, cancelled, failed
    }

    public var id: String
    public var status: Status
    public var requestedAt: Double
    public var scheduledAt: Double?
    public var pickedUpAt: Double?
    public var deliveredAt: Double?
    public var completedAt: Double?
    /// The first dropoff ETA promised (at request/scheduling time), kept to measure ETA error.
    public var firstDropoffETA: Double?
    public var droneID: String?
    public var energyUsedWh: Double?
    public var flightSeconds: Double?

    public init(id: String, status: Status, requestedAt: Double, scheduledAt: Double? = nil,
                pickedUpAt: Double? = nil, deliveredAt: Double? = nil, completedAt: Double? = nil,
                firstDropoffETA: Double? = nil, droneID: String? = nil, energyUsedWh: Double? = nil,
                flightSeconds: Double? = nil) {
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
    }
}
