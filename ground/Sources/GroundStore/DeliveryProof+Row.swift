import Foundation
import GroundCore

extension DeliveryProof {
    /// Builds a proof from a `delivery_proofs` row of either store.
    init(row: some StoreRow) throws(StoreError) {
        self.init(
            deliveryID: try row.text("delivery_id"), droneID: try row.text("drone_id"),
            assignmentID: try row.text("assignment_id"),
            releasedAt: Date(timeIntervalSince1970: try row.double("released_at")), lat: try row.double("lat"),
            lon: try row.double("lon"), altAmslM: try row.double("alt_amsl_m"), altRelM: try row.double("alt_rel_m"),
            gripperConfirmedBy: try row.text("gripper_confirmed_by"),
            gripperMissionSeq: try row.optionalInteger("gripper_mission_seq").map { Int($0) },
            gripperResult: try row.optionalText("gripper_result"),
            imageMediaType: try row.optionalText("image_media_type"), imageSHA256: try row.optionalText("image_sha256"),
            imageTotalBytes: try row.optionalInteger("image_total_bytes").map { Int($0) },
            imageReceivedBytes: Int(try row.integer("image_received_bytes")),
            imageComplete: try row.bool("image_complete"), imageError: try row.optionalText("image_error"),
            storedAt: Date(timeIntervalSince1970: try row.double("stored_at")))
    }
}
