import FleetProtocol
import Foundation
import GroundCore
import GroundObservability
import Logging
import ServiceLifecycle

/// Looks at the live fleet every `interval` for drones that went offline while airborne on an
/// assignment: opens a `droneOfflineInFlight` alert for each and keeps the
/// `skyrelay_drones_offline_in_flight` gauge. Reading the in-memory registry on a timer (as the fleet
/// stream does) keeps the ingest free of alert work.
struct FleetAlertWatch: Service {
    let fleet: FleetRegistry
    let alerts: AlertCenter
    let metrics: GroundMetrics
    let interval: Duration
    let logger: Logger

    /// Phases in which the drone is off the ground (or hovering at a pickup or dropoff).
    static let airborne: Set<AssignmentPhase> = [
        .takeoff, .enRouteToPickup, .atPickup, .enRouteToDropoff, .atDropoff, .returning,
    ]

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                var alerted: Set<String> = []
                while !Task.isCancelled {
                    let lost = await fleet.drones { state in
                        !state.online && state.assignmentID != nil && state.phase.map(Self.airborne.contains) == true
                    }
                    metrics.setDronesOfflineInFlight(lost.count)
                    for drone in lost where !alerted.contains(drone.droneID) {
                        do {
                            try await alerts.raise(
                                kind: .droneOfflineInFlight, subject: drone.droneID,
                                message:
                                    "drone \(drone.droneID) went offline in flight (\(drone.phase?.rawValue ?? "?"), delivery \(drone.deliveryID ?? "?"))"
                            )
                            alerted.insert(drone.droneID)
                        } catch {
                            logger.error(
                                "offline-in-flight alert not opened",
                                metadata: ["drone": "\(drone.droneID)", "error": "\(error)"])
                        }
                    }
                    // Back online (or landed): a later loss opens a new alert once the old one is resolved.
                    alerted.formIntersection(lost.map(\.droneID))
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            // Shutdown.
        }
    }
}
