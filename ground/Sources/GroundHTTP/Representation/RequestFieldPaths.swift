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

extension DeliveryChange: RequestFieldPaths {
    static var fieldPaths: Set<String> {
        ["dropoff", "dropoff.lat", "dropoff.lon", "window", "window.start", "window.end", "deadline", "priority"]
    }
}

extension MaintenanceRequest: RequestFieldPaths {
    static var fieldPaths: Set<String> { ["reason", "note"] }
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

extension NoFlyZoneRequest: RequestFieldPaths {
    static var fieldPaths: Set<String> {
        ["id", "name", "vertices", "floorM", "ceilingM", "startsAt", "endsAt"]
    }
}

extension WeatherHoldRequest: RequestFieldPaths {
    static var fieldPaths: Set<String> { ["id", "area", "maxWindMps", "maxGustMps", "until"] }
}

extension CreateOperatorRequest: RequestFieldPaths {
    static var fieldPaths: Set<String> { ["name", "role"] }
}

extension CreateWebhookRequest: RequestFieldPaths {
    static var fieldPaths: Set<String> { ["url", "events", "etaThresholdMinutes"] }
}
