import FleetProtocol
import Foundation

extension DeliveryService {
    /// Checks a request against coordinates, the service area and the fleet limits (422 naming the field).
    func validate(_ r: DeliveryRequest) throws(DeliveryServiceError) {
        for (name, point) in [("pickup", r.pickup), ("dropoff", r.dropoff)] {
            do { try point.validate(at: name) } catch {
                throw .invalid(
                    field: name, code: "invalid_coordinate",
                    message: "\(name) must have lat in [-90, 90] and lon in [-180, 180]")
            }
            guard serviceArea.contains(point) else {
                throw .invalid(
                    field: name, code: "outside_service_area", message: "\(name) is outside the service area")
            }
        }
        guard r.weightKg.isFinite, r.weightKg > 0 else {
            throw .invalid(field: "weightKg", code: "out_of_range", message: "weightKg must be positive")
        }
        guard r.weightKg <= limits.maxWeightKg else {
            throw .invalid(
                field: "weightKg", code: "too_heavy",
                message: "weightKg exceeds the fleet's \(limits.maxWeightKg) kg payload")
        }
        guard r.pickup != r.dropoff else {
            throw .invalid(field: "dropoff", code: "same_as_pickup", message: "dropoff must differ from pickup")
        }
        guard Self.distanceMeters(r.pickup, r.dropoff) <= limits.maxLegMeters else {
            throw .invalid(
                field: "dropoff", code: "too_far",
                message: "dropoff is more than \(Int(limits.maxLegMeters)) m from pickup")
        }
        if let window = r.window {
            guard window.end > window.start else {
                throw .invalid(
                    field: "window.end", code: "out_of_range", message: "window.end must be after window.start")
            }
            guard window.end > now() else {
                throw .invalid(field: "window.end", code: "in_the_past", message: "window.end is in the past")
            }
        }
        if let deadline = r.deadline { try validate(deadline: deadline, of: r) }
    }

    /// A deadline must lie after the window opens and leave time for the flight itself: the pickup
    /// cannot happen before the window starts (or now), and the leg takes at least its distance at the
    /// fleet's fastest cruise speed. A deadline the fleet's plan cannot meet for want of drones is no
    /// input error: the booking is accepted and flagged late (see docs/ground-control.md).
    func validate(deadline: Date, of r: DeliveryRequest) throws(DeliveryServiceError) {
        let time = now()
        guard deadline > time else {
            throw .invalid(field: "deadline", code: "in_the_past", message: "deadline is in the past")
        }
        if let window = r.window, deadline <= window.start {
            throw .invalid(
                field: "deadline", code: "before_window", message: "deadline must be after window.start")
        }
        let earliestPickup = max(time, r.window?.start ?? time)
        let flight = Self.distanceMeters(r.pickup, r.dropoff) / limits.maxCruiseSpeedMps
        let earliestDropoff = earliestPickup.addingTimeInterval(flight)
        guard deadline >= earliestDropoff else {
            throw .invalid(
                field: "deadline", code: "unreachable",
                message:
                    "deadline is before the earliest possible dropoff (\(Int(flight.rounded(.up))) s of flight after the earliest pickup)"
            )
        }
    }

    /// Great-circle distance (haversine); precise enough to bound a request.
    static func distanceMeters(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        let r = 6_371_000.0
        let dLat = (b.lat - a.lat) * .pi / 180, dLon = (b.lon - a.lon) * .pi / 180
        let h =
            sin(dLat / 2) * sin(dLat / 2) + cos(a.lat * .pi / 180) * cos(b.lat * .pi / 180) * sin(dLon / 2)
            * sin(dLon / 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }
}
