import FleetProtocol
import Foundation

/// What a reschedule (`PATCH /v1/deliveries/{id}`) changes before pickup; every field is optional and
/// an absent one keeps its value. The booking rules apply to the result.
package struct DeliveryChange: Codable, Sendable, Hashable {
    package var window: DeliveryWindow?
    package var dropoff: GeoPoint?
    package var deadline: Date?
    package var priority: DeliveryPriority?

    package init(
        window: DeliveryWindow? = nil, dropoff: GeoPoint? = nil, deadline: Date? = nil,
        priority: DeliveryPriority? = nil
    ) {
        self.window = window
        self.dropoff = dropoff
        self.deadline = deadline
        self.priority = priority
    }

    /// Wire names of the fields present, in a fixed order (for the history note and the empty check).
    package var fieldNames: [String] {
        var names: [String] = []
        if window != nil { names.append("window") }
        if dropoff != nil { names.append("dropoff") }
        if deadline != nil { names.append("deadline") }
        if priority != nil { names.append("priority") }
        return names
    }

    /// Wire names of the present fields whose value differs from `delivery`'s.
    package func changedFieldNames(of delivery: Delivery) -> [String] {
        let changed = applied(to: delivery)
        var names: [String] = []
        if changed.window != delivery.window { names.append("window") }
        if changed.dropoff != delivery.dropoff { names.append("dropoff") }
        if changed.deadline != delivery.deadline { names.append("deadline") }
        if changed.priority != delivery.priority { names.append("priority") }
        return names
    }

    /// `delivery` with the present fields applied. A window within a millisecond of the current one is
    /// the same window: the API writes milliseconds and the store keeps seconds as a double, so a client
    /// sending back what it read must not count as a change.
    package func applied(to delivery: Delivery) -> Delivery {
        var changed = delivery
        if let window, !Self.same(window, delivery.window) { changed.window = window }
        if let dropoff { changed.dropoff = dropoff }
        if let deadline, delivery.deadline.map({ abs(deadline.timeIntervalSince($0)) >= 0.001 }) ?? true {
            changed.deadline = deadline
        }
        if let priority { changed.priority = priority }
        return changed
    }

    static func same(_ a: DeliveryWindow, _ b: DeliveryWindow?) -> Bool {
        guard let b else { return false }
        return abs(a.start.timeIntervalSince(b.start)) < 0.001 && abs(a.end.timeIntervalSince(b.end)) < 0.001
    }
}
