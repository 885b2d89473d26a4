import Foundation
import GRDB
import GroundCore

extension SQLiteGroundStore {
    package func storeProofChunk(_ proof: DeliveryProof, imageOffset: Int, imageData: Data?) async throws(StoreError)
        -> DeliveryProof
    {
        try await write("store proof chunk of \(proof.deliveryID)") { db in
            try db.execute(
                sql: """
                    INSERT INTO delivery_proofs (
                        delivery_id, drone_id, assignment_id, released_at, lat, lon, alt_amsl_m, alt_rel_m,
                        gripper_confirmed_by, gripper_mission_seq, gripper_result, image_media_type, image_sha256,
                        image_total_bytes, image_error, stored_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (delivery_id) DO NOTHING
                    """,
                arguments: [
                    proof.deliveryID, proof.droneID, proof.assignmentID, proof.releasedAt.timeIntervalSince1970,
                    proof.lat, proof.lon, proof.altAmslM, proof.altRelM, proof.gripperConfirmedBy,
                    proof.gripperMissionSeq, proof.gripperResult, proof.imageMediaType, proof.imageSHA256,
                    proof.imageTotalBytes, proof.imageError, proof.storedAt.timeIntervalSince1970,
                ])
            if let imageData, !imageData.isEmpty {
                // Only a piece that continues what is stored, of the image the proof was created with.
                try db.execute(
                    sql: """
                        UPDATE delivery_proofs SET image_received_bytes = image_received_bytes + ?
                        WHERE delivery_id = ? AND image_received_bytes = ? AND NOT image_complete
                            AND image_sha256 = ? AND image_received_bytes + ? <= image_total_bytes
                        """,
                    arguments: [imageData.count, proof.deliveryID, imageOffset, proof.imageSHA256, imageData.count])
                if db.changesCount > 0 {
                    try db.execute(
                        sql: "INSERT INTO delivery_proof_chunks (delivery_id, byte_offset, data) VALUES (?, ?, ?)",
                        arguments: [proof.deliveryID, imageOffset, imageData])
                }
            }
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM delivery_proofs WHERE delivery_id = ?", arguments: [proof.deliveryID])
            else {
                throw StoreError(.query, operation: "proof of \(proof.deliveryID) missing after insert")
            }
            return try DeliveryProof(row: row)
        }
    }

    package func proof(deliveryID: String) async throws(StoreError) -> DeliveryProof? {
        try await read("fetch proof of \(deliveryID)") { db in
            try Self.fetchOne(db, sql: "SELECT * FROM delivery_proofs WHERE delivery_id = ?", arguments: [deliveryID]) {
                row in try DeliveryProof(row: row)
            }
        }
    }

    package func proofImage(deliveryID: String) async throws(StoreError) -> Data? {
        try await read("fetch proof image of \(deliveryID)") { db in
            let pieces = try Data.fetchAll(
                db, sql: "SELECT data FROM delivery_proof_chunks WHERE delivery_id = ? ORDER BY byte_offset",
                arguments: [deliveryID])
            return pieces.isEmpty ? nil : pieces.reduce(into: Data()) { $0.append($1) }
        }
    }

    package func finishProofImage(deliveryID: String, matched: Bool) async throws(StoreError) {
        try await write("finish proof image of \(deliveryID)") { db in
            if matched {
                try db.execute(
                    sql: "UPDATE delivery_proofs SET image_complete = TRUE WHERE delivery_id = ?",
                    arguments: [deliveryID])
            } else {
                try db.execute(sql: "DELETE FROM delivery_proof_chunks WHERE delivery_id = ?", arguments: [deliveryID])
                try db.execute(
                    sql: "UPDATE delivery_proofs SET image_received_bytes = 0 WHERE delivery_id = ?",
                    arguments: [deliveryID])
            }
        }
    }
}
