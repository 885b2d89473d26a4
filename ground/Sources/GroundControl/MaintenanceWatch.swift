import Foundation
import GroundCore
import Logging
import ServiceLifecycle

/// Measures every registered drone's wear since its last service every `interval` and opens a
/// `maintenanceDue` alert for a drone past a threshold (one unresolved alert per drone: the alert store
/// keeps one per kind and subject). The measure reads the stored telemetry, so it runs on a slow timer,
/// not per sample.
struct MaintenanceWatch: Service {
    let store: any GroundStore
    let alerts: AlertCenter
    let thresholds: MaintenanceThresholds
    let interval: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await check()
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            // Shutdown.
        }
    }

    /// One pass over the registered, active drones.
    func check() async {
        do {
            let records = Dictionary(
                try await store.droneMaintenanceRecords().map { ($0.droneID, $0) },
                uniquingKeysWith: { first, _ in first })
            for drone in try await store.provisionedDrones() where drone.isActive {
                let record = records[drone.id] ?? DroneMaintenance(droneID: drone.id)
                let usage = try await FlightUsage.since(lastService: record, in: store)
                let due = thresholds.due(usage)
                guard !due.isEmpty else { continue }
                let hours = String(format: "%.1f", usage.flightHours)
                let cycles = String(format: "%.1f", usage.batteryCycles)
                _ = try await alerts.raise(
                    kind: .maintenanceDue, subject: drone.id,
                    message:
                        "drone \(drone.id) is due for service (\(due.joined(separator: ", "))): \(hours) flight hours, \(cycles) battery cycles since its last service"
                )
            }
        } catch {
            logger.error("maintenance check failed", metadata: ["error": "\(error)"])
        }
    }
}
