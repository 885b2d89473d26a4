import FleetProtocol
import Foundation
import Logging
import MQTTClient

/// Uploads proofs of delivery to ground over MQTT, as the drone: ``ProofChunk``s on `…/proof` (the
/// broker's ACL lets a drone write only its own), ground's ``ProofAck``s on `…/proof-ack` (only ground
/// may write it). Stop-and-wait: the chunk at the offset ground last acknowledged goes out, and goes
/// out again after `resendAfter` without an acknowledgement, so a drop anywhere (broker, ground restart,
/// agent restart: the offset is in SQLite) resumes from what ground has actually stored.
public struct ProofUploader: Sendable {
    let link: GroundLink
    let store: AgentStore
    let signal: ProofSignal
    let logger: Logger
    let resendAfter: Duration

    public init(
        link: GroundLink, store: AgentStore, signal: ProofSignal, logger: Logger, resendAfter: Duration = .seconds(3)
    ) {
        self.link = link
        self.store = store
        self.signal = signal
        self.logger = logger
        self.resendAfter = resendAfter
    }

    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    do { try await receiveAcks() } catch {
                        logger.warning("proof-ack subscription failed, retrying", metadata: ["error": "\(error)"])
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            group.addTask {
                // A slow heartbeat drives the resends; acknowledgements and new photos wake it early.
                while !Task.isCancelled {
                    signal.notify()
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            group.addTask {
                var sent: [String: (offset: Int, at: ContinuousClock.Instant)] = [:]
                for await _ in signal.stream {
                    if Task.isCancelled { break }
                    await sendDue(&sent)
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func receiveAcks() async throws(MQTTError) {
        let subscription = try await link.client.subscribe([link.topics.proofAck(link.droneID)], qos: .atLeastOnce)
        for await message in subscription {
            let ack: ProofAck
            do {
                ack = try link.codec.decode(ProofAck.self, from: Data(message.payload), topicDrone: link.droneID)
            } catch {
                logger.warning("bad proof-ack ignored", metadata: ["error": "\(error)"])
                continue
            }
            do {
                try store.acknowledgeProof(
                    assignmentID: ack.assignmentID, receivedBytes: ack.receivedBytes, complete: ack.complete,
                    refused: ack.refused)
            } catch {
                logger.error(
                    "cannot store proof-ack", metadata: ["assignmentId": "\(ack.assignmentID)", "error": "\(error)"])
                continue
            }
            if ack.complete {
                logger.info("proof of delivery stored by ground", metadata: ["assignmentId": "\(ack.assignmentID)"])
            } else if let refused = ack.refused {
                logger.error(
                    "ground refused the proof of delivery",
                    metadata: ["assignmentId": "\(ack.assignmentID)", "reason": "\(refused)"])
            }
            signal.notify()
        }
    }

    /// Sends, for each unfinished proof, the chunk at its acknowledged offset unless that very chunk went
    /// out less than `resendAfter` ago.
    private func sendDue(_ sent: inout [String: (offset: Int, at: ContinuousClock.Instant)]) async {
        guard await link.client.isConnected else { return }
        let proofs: [ProofRecord]
        do { proofs = try store.pendingProofUploads() } catch {
            logger.error("cannot read pending proofs", metadata: ["error": "\(error)"])
            return
        }
        let now = ContinuousClock.now
        sent = sent.filter { entry in proofs.contains { $0.assignmentID == entry.key } }
        for proof in proofs {
            if let last = sent[proof.assignmentID], last.offset == proof.ackedBytes, now - last.at < resendAfter {
                continue
            }
            let chunk: ProofChunk
            do { chunk = try Self.chunk(of: proof, droneID: link.droneID) } catch {
                // The stored proof cannot be sent as it is (a field out of range): keep it, say why.
                logger.error(
                    "proof cannot be encoded", metadata: ["assignmentId": "\(proof.assignmentID)", "error": "\(error)"])
                continue
            }
            do {
                try await link.client.publish(
                    link.topics.proof(link.droneID), payload: link.codec.encodeBytes(chunk), qos: .atLeastOnce)
                sent[proof.assignmentID] = (proof.ackedBytes, .now)
            } catch {
                logger.warning(
                    "proof chunk not sent", metadata: ["assignmentId": "\(proof.assignmentID)", "error": "\(error)"])
                return
            }
        }
    }

    /// The message for the next piece of `proof`: its image from the acknowledged offset (at most
    /// ``ProofChunk/maxChunkBytes``), or the release alone when there is no image.
    package static func chunk(of proof: ProofRecord, droneID: DroneID) throws(ProtocolError) -> ProofChunk {
        var image: ProofChunk.ImagePart?
        if let data = proof.image, let mediaType = proof.mediaType, let sha256 = proof.sha256, !data.isEmpty {
            // Ground's count past the end (it cannot be, but a bad ack must not crash): start over.
            let offset = proof.ackedBytes < data.count ? proof.ackedBytes : 0
            let end = min(data.count, offset + ProofChunk.maxChunkBytes)
            image = ProofChunk.ImagePart(
                mediaType: mediaType, sha256: sha256, totalBytes: data.count, offset: offset,
                data: data.subdata(in: offset..<end))
        }
        let chunk = ProofChunk(
            droneID: droneID, assignmentID: proof.assignmentID, releasedAtMs: proof.releasedAt,
            position: Telemetry.Position(
                lat: proof.lat, lon: proof.lon, altAmslM: proof.altAmslM, altRelM: proof.altRelM),
            gripper: ProofChunk.Gripper(
                confirmedBy: ProofChunk.Gripper.Confirmation(rawValue: proof.gripperConfirmedBy) ?? .missionProgress,
                missionSeq: proof.gripperMissionSeq),
            image: image, imageError: image == nil ? (proof.imageError ?? "no photo") : nil)
        try chunk.validate()
        return chunk
    }
}
