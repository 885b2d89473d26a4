import FleetProtocol

/// What a reschedule (`PATCH /v1/deliveries/{id}`) changes before pickup; every field is optional and
/// an absent one keeps its value. The planner's `deadline` and `priority` join here as further optional
/// fields, applied and validated the same way.
package struct DeliveryChange: Codable, Sendable, Hashable {
    package var window: DeliveryWindow?
    package var dropoff: GeoPoint?

    package init(window: DeliveryWindow? = nil, dropoff: GeoPoint? = nil) {
        self.window = window
        self.dropoff = dropoff
    }

    /// Wire names of the fields present, in a fixed order (for the history note and the empty check).
    package var fieldNames: [String] {
        var names: [String] = []
        if window != nil { names.append("window") }
        if dropoff != nil { names.append("dropoff") }
        return names
    }

    /// Wire names of the present fields whose value differs from `delivery`'s.
    package func changedFieldNames(of delivery: Delivery) -> [String] {
        let changed = applied(to: delivery)
        var names: [String] = []
        if changed.window != delivery.window { names.append("window") }
        if changed.dropoff != delivery.dropoff { names.append("dropoff") }
        return names
    }

    /// `delivery` with the present fields applied. A window within a millisecond of the current one is
    /// the same window: the API writes milliseconds and the store keeps seconds as a double, so a client
    /// sending back what it read must not count as a change.
    package func applied(to delivery: Delivery) -> Delivery {
        var changed = delivery
        if let window, !Self.same(window, delivery.window) { changed.window = window }
        if let dropoff { changed.dropoff = dropoff }
        return changed
    }

    static func same(_ a: DeliveryWindow, _ b: DeliveryWindow?) -> Bool {
        guard let b else { return false }
        return abs(a.start.timeIntervalSince(b.start)) < 0.001 && abs(a.end.timeIntervalSince(b.end)) < 0.001
    }
}
