import Crypto
import FleetProtocol
import Foundation
import GroundCore
import MQTTClient

extension IngestPipeline {
    /// A proof-of-delivery chunk: stored against the delivery the assignment belongs to (only for the
    /// drone the assignment was offered to), then acknowledged on the drone's `…/proof-ack` with what is
    /// stored, so the drone resends from there. Once the photo is whole its SHA-256 is checked; a mismatch
    /// drops it and the drone uploads it again from 0.
    mutating func handleProof(_ message: MQTTMessage, from drone: DroneID) async {
        guard let chunk = decode(ProofChunk.self, message, from: drone) else { return }
        ingest.metrics.recordIngest(kind: "proof")
        let offer: Offer?
        do { offer = try await ingest.store.offer(assignmentID: chunk.assignmentID) } catch {
            ingest.logger.error(
                "cannot look up the proof's assignment; not acknowledged",
                metadata: ["assignmentId": "\(chunk.assignmentID)", "error": "\(error)"])
            return
        }
        guard let offer, offer.droneID == drone.rawValue else {
            await acknowledge(
                chunk, stored: nil, refused: "assignment \(chunk.assignmentID) was not offered to \(drone.rawValue)")
            return
        }
        var proof = DeliveryProof(
            deliveryID: offer.deliveryID, droneID: drone.rawValue, assignmentID: chunk.assignmentID,
            releasedAt: Date(timeIntervalSince1970: Double(chunk.releasedAtMs) / 1000), lat: chunk.position.lat,
            lon: chunk.position.lon, altAmslM: chunk.position.altAmslM, altRelM: chunk.position.altRelM,
            gripperConfirmedBy: chunk.gripper.confirmedBy.rawValue, gripperMissionSeq: chunk.gripper.missionSeq,
            gripperResult: chunk.gripper.result, imageMediaType: chunk.image?.mediaType,
            imageSHA256: chunk.image?.sha256, imageTotalBytes: chunk.image?.totalBytes,
            imageError: chunk.imageError, storedAt: Date())
        do {
            proof = try await ingest.store.storeProofChunk(
                proof, imageOffset: chunk.image?.offset ?? 0, imageData: chunk.image?.data)
            if let total = proof.imageTotalBytes, !proof.imageComplete, proof.imageReceivedBytes == total {
                proof = try await checkImage(of: proof)
            }
        } catch {
            ingest.logger.error(
                "cannot store proof of delivery; not acknowledged",
                metadata: ["deliveryId": "\(offer.deliveryID)", "error": "\(error)"])
            return
        }
        await acknowledge(chunk, stored: proof, refused: nil)
    }

    /// Compares the whole stored photo with the SHA-256 the drone announced; a mismatch starts it over.
    private func checkImage(of proof: DeliveryProof) async throws(StoreError) -> DeliveryProof {
        var proof = proof
        let image = try await ingest.store.proofImage(deliveryID: proof.deliveryID) ?? Data()
        let digest = SHA256.hash(data: image).map { String(format: "%02x", $0) }.joined()
        let matched = digest == proof.imageSHA256
        try await ingest.store.finishProofImage(deliveryID: proof.deliveryID, matched: matched)
        if matched {
            proof.imageComplete = true
            ingest.logger.info(
                "proof of delivery photo stored",
                metadata: ["deliveryId": "\(proof.deliveryID)", "bytes": "\(image.count)"])
        } else {
            proof.imageReceivedBytes = 0
            ingest.logger.warning(
                "proof photo does not match its SHA-256; asking the drone for it again",
                metadata: ["deliveryId": "\(proof.deliveryID)"])
        }
        return proof
    }

    private func acknowledge(_ chunk: ProofChunk, stored: DeliveryProof?, refused: String?) async {
        let ack = ProofAck(
            droneID: chunk.droneID, assignmentID: chunk.assignmentID, receivedBytes: stored?.imageReceivedBytes ?? 0,
            complete: stored?.isComplete ?? false, refused: refused, timeMs: Int64(Date().timeIntervalSince1970 * 1000))
        do {
            try await ingest.client.publish(
                ingest.configuration.topics.proofAck(chunk.droneID), payload: codec.encodeBytes(ack),
                qos: .atLeastOnce)
        } catch {
            // The drone resends the chunk without an acknowledgement and gets one then.
            ingest.logger.warning(
                "proof-ack not sent", metadata: ["assignmentId": "\(chunk.assignmentID)", "error": "\(error)"])
        }
    }
}
