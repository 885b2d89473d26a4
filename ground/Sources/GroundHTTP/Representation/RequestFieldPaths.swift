import GroundAPIModel
import GroundCore

/// A request body type's fields as dotted paths, where ``JSONNullScan`` refuses `null`.
///
/// Keys outside these are ignored as any unknown key is (the schemas allow additional properties), so
/// a `null` there is ignored too.
protocol RequestFieldPaths {
    static var fieldPaths: Set<String> { get }
}

extension DeliveryRequest: RequestFieldPaths {
    static var fieldPaths: Set<String> {
        [
            "pickup", "pickup.lat", "pickup.lon", "dropoff", "dropoff.lat", "dropoff.lon", "weightKg", "size",
            "window", "window.start", "window.end", "deadline", "priority",
        ]
    }
}

extension OverrideRequest: RequestFieldPaths {
    static var fieldPaths: Set<String> { ["action", "reason", "droneId"] }
}

extension RegisterBusinessRequest: RequestFieldPaths {
    static var fieldPaths: Set<String> { ["name"] }
}

extension RegisterDroneRequest: RequestFieldPaths {
    static var fieldPaths: Set<String> { ["droneId"] }
}
