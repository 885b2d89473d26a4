import GroundCore

/// A new booking's writes: its row and its first history entry.
struct Booking: Sendable {
    var delivery: Delivery
    var change: DeliveryStatusChange
}
