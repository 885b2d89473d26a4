import FleetProtocol
import Foundation
import GroundCore

extension Delivery {
    /// Builds a delivery from a `deliveries` row of either store, or throws ``StoreError`` naming the bad column.
    init(row: some StoreRow) throws(StoreError) {
        func date(_ column: String) throws(StoreError) -> Date? {
            try row.optionalDouble(column).map(Date.init(timeIntervalSince1970:))
        }
        let id = try row.text("id")
        let statusRaw = try row.text("status")
        guard let status = DeliveryStatus(rawValue: statusRaw) else {
            throw StoreError(.corruptRow, operation: "decode delivery \(id): status \(statusRaw)")
        }
        guard let size = PackageSize(rawValue: try row.text("size")) else {
            throw StoreError(.corruptRow, operation: "decode delivery \(id): size")
        }
        let rejected: [String]
        let rejectedText = try row.text("rejected_by")
        do {
            // Nearly every row has refused nothing: that needs no JSONDecoder (most of a row's decode time).
            rejected =
                try rejectedText == "[]" ? [] : JSONDecoder().decode([String].self, from: Data(rejectedText.utf8))
        } catch {
            throw StoreError(.corruptRow, operation: "decode delivery \(id): rejected_by", cause: error)
        }
        let priorityRaw = try row.text("priority")
        guard let priority = DeliveryPriority(rawValue: priorityRaw) else {
            throw StoreError(.corruptRow, operation: "decode delivery \(id): priority \(priorityRaw)")
        }
        var window: DeliveryWindow?
        if let start = try date("window_start"), let end = try date("window_end") {
            window = DeliveryWindow(start: start, end: end)
        }
        var times: [DeliveryStatus: Date] = [:]
        for s in DeliveryStatus.allCases {
            if let t = try date(DeliveryColumns.statusTime(s)) { times[s] = t }
        }
        self.init(
            id: id, businessID: try row.text("business_id"),
            pickup: GeoPoint(lat: try row.double("pickup_lat"), lon: try row.double("pickup_lon")),
            dropoff: GeoPoint(lat: try row.double("dropoff_lat"), lon: try row.double("dropoff_lon")),
            weightKg: try row.double("weight_kg"), size: size, window: window,
            deadline: try date("deadline"), priority: priority,
            etaMarginSeconds: try row.optionalDouble("eta_margin_s"), status: status,
            reason: try row.optionalText("reason"),
            assignedDroneID: try row.optionalText("drone_id"), assignmentID: try row.optionalText("assignment_id"),
            initialETAPickup: try date("initial_eta_pickup"), initialETADropoff: try date("initial_eta_dropoff"),
            etaPickup: try date("eta_pickup"), etaDropoff: try date("eta_dropoff"),
            energyUsedWh: try row.optionalDouble("energy_used_wh"),
            rejectedBy: rejected, pinnedDroneID: try row.optionalText("pinned_drone_id"),
            createdAt: try date("created_at") ?? Date(timeIntervalSince1970: 0),
            updatedAt: try date("updated_at"), statusTimes: times,
            planRevision: try row.integer("plan_revision"), version: try row.integer("version")
        )
        if times.isEmpty { statusTimes = [:] }
    }

    /// Every column of the `deliveries` row, sorted by name, for INSERT and UPDATE in either store.
    var columnValues: [(column: String, value: StoreValue)] {
        var rejected = "[]"
        if !rejectedBy.isEmpty {
            rejected = (try? JSONEncoder().encode(rejectedBy)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        }
        var values: [String: StoreValue] = [
            "id": .text(id), "business_id": .text(businessID),
            "pickup_lat": .double(pickup.lat), "pickup_lon": .double(pickup.lon),
            "dropoff_lat": .double(dropoff.lat), "dropoff_lon": .double(dropoff.lon),
            "weight_kg": .double(weightKg), "size": .text(size.rawValue),
            "window_start": .double(window?.start.timeIntervalSince1970),
            "window_end": .double(window?.end.timeIntervalSince1970),
            "deadline": .double(deadline?.timeIntervalSince1970), "priority": .text(priority.rawValue),
            "eta_margin_s": .double(etaMarginSeconds),
            "status": .text(status.rawValue), "reason": .text(reason),
            "drone_id": .text(assignedDroneID), "assignment_id": .text(assignmentID),
            "initial_eta_pickup": .double(initialETAPickup?.timeIntervalSince1970),
            "initial_eta_dropoff": .double(initialETADropoff?.timeIntervalSince1970),
            "eta_pickup": .double(etaPickup?.timeIntervalSince1970),
            "eta_dropoff": .double(etaDropoff?.timeIntervalSince1970),
            "energy_used_wh": .double(energyUsedWh), "rejected_by": .text(rejected),
            "pinned_drone_id": .text(pinnedDroneID), "version": .integer(version),
            "plan_revision": .integer(planRevision),
            "created_at": .double(createdAt.timeIntervalSince1970),
            "updated_at": .double(updatedAt.timeIntervalSince1970),
        ]
        for s in DeliveryStatus.allCases {
            values[DeliveryColumns.statusTime(s)] = .double(statusTimes[s]?.timeIntervalSince1970)
        }
        return values.sorted { $0.key < $1.key }.map { (column: $0.key, value: $0.value) }
    }
}
