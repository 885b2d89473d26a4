import Foundation
import GroundCore
import NIOCore
import PostgresNIO

extension PostgresGroundStore {
    package func storeProofChunk(_ proof: DeliveryProof, imageOffset: Int, imageData: Data?) async throws(StoreError)
        -> DeliveryProof
    {
        let id = proof.deliveryID
        let gripperSeq = proof.gripperMissionSeq.map { Int64($0) }
        let total = proof.imageTotalBytes.map { Int64($0) }
        return try await transaction("store proof chunk of \(id)") { connection, logger in
            try await connection.rows(
                """
                INSERT INTO delivery_proofs (
                    delivery_id, drone_id, assignment_id, released_at, lat, lon, alt_amsl_m, alt_rel_m,
                    gripper_confirmed_by, gripper_mission_seq, gripper_result, image_media_type, image_sha256,
                    image_total_bytes, image_error, stored_at)
                VALUES (\(id), \(proof.droneID), \(proof.assignmentID), \(proof.releasedAt.timeIntervalSince1970),
                    \(proof.lat), \(proof.lon), \(proof.altAmslM), \(proof.altRelM), \(proof.gripperConfirmedBy),
                    \(gripperSeq), \(proof.gripperResult), \(proof.imageMediaType), \(proof.imageSHA256), \(total),
                    \(proof.imageError), \(proof.storedAt.timeIntervalSince1970))
                ON CONFLICT (delivery_id) DO NOTHING
                """, logger: logger)
            if let imageData, !imageData.isEmpty {
                let count = Int64(imageData.count)
                let offset = Int64(imageOffset)
                // Only a piece that continues what is stored, of the image the proof was created with.
                let advanced = try await connection.rows(
                    """
                    UPDATE delivery_proofs SET image_received_bytes = image_received_bytes + \(count)
                    WHERE delivery_id = \(id) AND image_received_bytes = \(offset) AND NOT image_complete
                        AND image_sha256 = \(proof.imageSHA256) AND image_received_bytes + \(count) <= image_total_bytes
                    RETURNING delivery_id
                    """, logger: logger)
                if !advanced.isEmpty {
                    let bytes = ByteBuffer(bytes: imageData)
                    try await connection.rows(
                        """
                        INSERT INTO delivery_proof_chunks (delivery_id, byte_offset, data)
                        VALUES (\(id), \(offset), \(bytes))
                        """, logger: logger)
                }
            }
            let rows = try await connection.rows(
                "SELECT * FROM delivery_proofs WHERE delivery_id = \(id)", logger: logger)
            guard let row = rows.first else {
                throw StoreError(.query, operation: "proof of \(id) missing after insert")
            }
            return try DeliveryProof(row: row)
        }
    }

    package func proof(deliveryID: String) async throws(StoreError) -> DeliveryProof? {
        try await query(
            "fetch proof of \(deliveryID)", "SELECT * FROM delivery_proofs WHERE delivery_id = \(deliveryID)"
        )
        .first.map { row throws(StoreError) in try DeliveryProof(row: row) }
    }

    package func proofImage(deliveryID: String) async throws(StoreError) -> Data? {
        let rows = try await query(
            "fetch proof image of \(deliveryID)",
            "SELECT data FROM delivery_proof_chunks WHERE delivery_id = \(deliveryID) ORDER BY byte_offset")
        guard !rows.isEmpty else { return nil }
        var image = Data()
        for row in rows {
            do { image.append(contentsOf: try row["data"].decode(ByteBuffer.self).readableBytesView) } catch {
                throw StoreError.badColumn("data", "bytea", cause: error)
            }
        }
        return image
    }

    package func finishProofImage(deliveryID: String, matched: Bool) async throws(StoreError) {
        if matched {
            try await query(
                "finish proof image of \(deliveryID)",
                "UPDATE delivery_proofs SET image_complete = TRUE WHERE delivery_id = \(deliveryID)")
            return
        }
        try await transaction("restart proof image of \(deliveryID)") { connection, logger in
            try await connection.rows(
                "DELETE FROM delivery_proof_chunks WHERE delivery_id = \(deliveryID)", logger: logger)
            try await connection.rows(
                "UPDATE delivery_proofs SET image_received_bytes = 0 WHERE delivery_id = \(deliveryID)", logger: logger)
        }
    }
}
