import FleetProtocol
import Foundation
import GRDB

extension Delivery {
    /// Builds a delivery from a `deliveries` row, or throws ``StoreError`` naming the bad column.
    init(row: Row) throws(StoreError) {
        func date(_ column: String) -> Date? {
            (row[column] as Double?).map(Date.init(timeIntervalSince1970:))
        }
        let id: String = row["id"]
        guard let status = DeliveryStatus(rawValue: row["status"]) else {
            throw StoreError(.corruptRow, operation: "decode delivery \(id): status \(String(describing: row["status"] as String?))")
        }
        guard let size = PackageSize(rawValue: row["size"]) else {
            throw StoreError(.corruptRow, operation: "decode delivery \(id): size")
        }
        let rejected: [String]
        do {
            rejected = try JSONDecoder().decode([String].self, from: Data((row["rejected_by"] as String).utf8))
        } catch {
            throw StoreError(.corruptRow, operation: "decode delivery \(id): rejected_by", cause: error)
        }
        var window: DeliveryWindow?
        if let start = date("window_start"), let end = date("window_end") { window = DeliveryWindow(start: start, end: end) }
        var times: [DeliveryStatus: Date] = [:]
        for s in DeliveryStatus.allCases {
            if let t = date(DeliveryColumns.statusTime(s)) { times[s] = t }
        }
        let created = date("created_at") ?? Date(timeIntervalSince1970: 0)
        self.init(
            id: id, businessID: row["business_id"],
            pickup: GeoPoint(lat: row["pickup_lat"], lon: row["pickup_lon"]),
            dropoff: GeoPoint(lat: row["dropoff_lat"], lon: row["dropoff_lon"]),
            weightKg: row["weight_kg"], size: size, window: window, status: status, reason: row["reason"],
            assignedDroneID: row["drone_id"], assignmentID: row["assignment_id"],
            initialETAPickup: date("initial_eta_pickup"), initialETADropoff: date("initial_eta_dropoff"),
            etaPickup: date("eta_pickup"), etaDropoff: date("eta_dropoff"), energyUsedWh: row["energy_used_wh"],
            rejectedBy: rejected, createdAt: created, updatedAt: date("updated_at"), statusTimes: times
        )
        if times.isEmpty { statusTimes = [:] }
    }

    /// Column values for an INSERT OR REPLACE into `deliveries`.
    var rowValues: [String: (any DatabaseValueConvertible)?] {
        let rejected = (try? JSONEncoder().encode(rejectedBy)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        var values: [String: (any DatabaseValueConvertible)?] = [
            "id": id, "business_id": businessID,
            "pickup_lat": pickup.lat, "pickup_lon": pickup.lon,
            "dropoff_lat": dropoff.lat, "dropoff_lon": dropoff.lon,
            "weight_kg": weightKg, "size": size.rawValue,
            "window_start": window?.start.timeIntervalSince1970, "window_end": window?.end.timeIntervalSince1970,
            "status": status.rawValue, "reason": reason, "drone_id": assignedDroneID, "assignment_id": assignmentID,
            "initial_eta_pickup": initialETAPickup?.timeIntervalSince1970,
            "initial_eta_dropoff": initialETADropoff?.timeIntervalSince1970,
            "eta_pickup": etaPickup?.timeIntervalSince1970, "eta_dropoff": etaDropoff?.timeIntervalSince1970,
            "energy_used_wh": energyUsedWh, "rejected_by": rejected,
            "created_at": createdAt.timeIntervalSince1970, "updated_at": updatedAt.timeIntervalSince1970,
        ]
        for s in DeliveryStatus.allCases {
            values[DeliveryColumns.statusTime(s)] = statusTimes[s]?.timeIntervalSince1970
        }
        return values
    }
}
