import FleetProtocol
import Foundation

/// The day written by demand.py: every dispatcher is measured on the same one.
struct DayDemand: Decodable {
    struct Depot: Decodable {
        enum Mode: String, Decodable { case charge, swap }
        var depotID: String
        var lat: Double
        var lon: Double
        var pads: Int
        var chargePowerW: Double
        var swapSeconds: Double
        var mode: Mode
        var point: GeoPoint { GeoPoint(lat: lat, lon: lon) }
        enum CodingKeys: String, CodingKey {
            case depotID = "depotId"
            case lat, lon, pads, chargePowerW, swapSeconds, mode
        }
    }
    struct Drone: Decodable {
        var droneID: String
        var depotID: String
        enum CodingKeys: String, CodingKey {
            case droneID = "droneId"
            case depotID = "depotId"
        }
    }
    struct Booking: Decodable {
        enum Priority: String, Decodable { case standard, express }
        var deliveryID: String
        var bookedAtS: Double
        var pickup: GeoPoint
        var dropoff: GeoPoint
        var payloadKg: Double
        var priority: Priority
        var windowStartS: Double
        var windowEndS: Double
        var deadlineS: Double
        enum CodingKeys: String, CodingKey {
            case deliveryID = "deliveryId"
            case bookedAtS, pickup, dropoff, payloadKg, priority, windowStartS, windowEndS, deadlineS
        }
    }
    var seed: Int
    var hours: Double
    var depots: [Depot]
    var drones: [Drone]
    var deliveries: [Booking]
}
