import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension MaintenanceReport: ResponseEncodable {}

extension GroundAPI {
    /// Fleet maintenance (operator only): a drone's wear since its last service, taking it out of and
    /// back into service (the dispatcher never offers an out-of-service drone work), recording a service.
    func addMaintenanceRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.get("drones/:droneId/maintenance") { _, context -> MaintenanceReport in
            try context.requireOperator()
            let record = try await maintenanceRecord(try context.parameters.require("droneId"))
            return try await maintenanceReport(record)
        }
        group.post("drones/:droneId/out-of-service") { request, context -> MaintenanceReport in
            try context.requireOperator()
            var record = try await maintenanceRecord(try context.parameters.require("droneId"))
            let body = try await request.decodeJSON(MaintenanceRequest.self, context: context)
            guard let text = body.reason else {
                throw APIError(.badRequest, code: "missing_field", field: "reason", message: "reason: is required")
            }
            let reason = try text.validatedFreeText(field: "reason", maxLength: 500)
            // Taken out again with a new reason: the time it has been out keeps counting from the first.
            record.outOfService = DroneMaintenance.OutOfService(
                reason: reason, since: record.outOfService?.since ?? Date())
            try await store.saveDroneMaintenance(record)
            return try await maintenanceReport(record)
        }
        group.post("drones/:droneId/in-service") { _, context -> MaintenanceReport in
            try context.requireOperator()
            var record = try await maintenanceRecord(try context.parameters.require("droneId"))
            record.outOfService = nil
            try await store.saveDroneMaintenance(record)
            return try await maintenanceReport(record)
        }
        group.post("drones/:droneId/service") { request, context -> MaintenanceReport in
            try context.requireOperator()
            var record = try await maintenanceRecord(try context.parameters.require("droneId"))
            let body = try await request.decodeJSON(MaintenanceRequest.self, context: context)
            record.lastServiceNote = try body.note.map { note throws(APIError) in
                try note.validatedFreeText(field: "note", maxLength: 500)
            }
            record.lastServiceAt = Date()
            try await store.saveDroneMaintenance(record)
            return try await maintenanceReport(record)
        }
    }

    /// The drone's maintenance record (a blank one if none was written yet); 404 when not registered.
    func maintenanceRecord(_ droneID: String) async throws -> DroneMaintenance {
        guard DroneIDRule.problem(with: droneID) == nil, try await store.provisionedDrone(id: droneID) != nil else {
            throw APIError(.notFound, code: "not_found", field: "droneId", message: "no registered drone \(droneID)")
        }
        return try await store.droneMaintenance(droneID: droneID) ?? DroneMaintenance(droneID: droneID)
    }

    /// Wear measured on the stored telemetry since the last service.
    func maintenanceReport(_ record: DroneMaintenance) async throws -> MaintenanceReport {
        MaintenanceReport(
            record, usage: try await FlightUsage.since(lastService: record, in: store),
            thresholds: maintenanceThresholds)
    }
}
