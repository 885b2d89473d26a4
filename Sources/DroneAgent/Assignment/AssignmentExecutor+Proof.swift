import FleetProtocol
import Foundation

extension AssignmentExecutor {
    /// Records the payload release as the first part of the proof of delivery, before the phase that
    /// announces it (so a crash in between repeats the transition and keeps this first record). In a
    /// mission the autopilot acknowledges DO_GRIPPER by moving past it (no COMMAND_ACK comes for
    /// mission items): `missionSeq` is the item it reported then.
    func recordRelease(vehicle: VehicleState) {
        guard let current = active else { return }
        let position =
            vehicle.position
            ?? Telemetry.Position(lat: vehicle.home?.lat ?? 0, lon: vehicle.home?.lon ?? 0, altAmslM: 0, altRelM: 0)
        let record = ProofRecord(
            assignmentID: current.assignment.assignmentID, releasedAt: Date().millis, lat: position.lat,
            lon: position.lon, altAmslM: position.altAmslM, altRelM: position.altRelM,
            gripperConfirmedBy: ProofChunk.Gripper.Confirmation.missionProgress.rawValue,
            gripperMissionSeq: vehicle.mission.effectiveCurrent)
        do { try store.recordRelease(record) } catch {
            logger.error(
                "cannot record the payload release",
                metadata: ["assignmentId": "\(current.assignment.assignmentID)", "error": "\(error)"])
        }
    }
}
