import FleetProtocol
import Foundation
import MQTTClient
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundLink
@testable import GroundStore

/// Ground's side of the proof upload, driven by a drone peer on a real broker: pieces stored only in
/// order, every chunk acknowledged with what is stored, the photo checked against its SHA-256, and
/// proofs from a drone the assignment was not offered to refused.
@Suite("Proof-of-delivery ingest", .serialized)
struct ProofIngestTests {
    static let place = Telemetry.Position(lat: 47.39, lon: 8.52, altAmslM: 412, altRelM: 3)

    @Test("chunks are stored in order only, each is acknowledged, and the whole photo is checked")
    func orderedResumableUpload() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await Self.offer(in: h, delivery: "dlv_p1", assignment: "asg-p1", drone: "sr-p1")
        let acks = try await Self.acks(h)
        let image = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 251) })
        let digest = try await Self.sha256(image, in: h.dir)
        let send = { (offset: Int) in
            try await h.peer.publish(
                Self.chunk("sr-p1", "asg-p1", image: image, sha256: digest, offset: offset), drone: "sr-p1")
        }

        // Out of order (as after a lost chunk): nothing stored, the ack says where to resume.
        try await send(32_768)
        #expect(try await acks.next("asg-p1").receivedBytes == 0)
        try await send(0)
        #expect(try await acks.next("asg-p1").receivedBytes == 32_768)
        try await send(0) // a repeat (the drone did not get the ack) changes nothing
        #expect(try await acks.next("asg-p1").receivedBytes == 32_768)
        try await send(32_768)
        #expect(try await acks.next("asg-p1").receivedBytes == 65_536)
        try await send(65_536)
        let last = try await acks.next("asg-p1")
        #expect(last.receivedBytes == 70_000 && last.complete)

        let proof = try #require(try await h.store.proof(deliveryID: "dlv_p1"))
        #expect(proof.imageComplete && proof.imageSHA256 == digest && proof.droneID == "sr-p1")
        #expect(proof.lat == Self.place.lat && proof.gripperConfirmedBy == "mission-progress")
        #expect(try await h.store.proofImage(deliveryID: "dlv_p1") == image)
        await acks.stop()
    }

    @Test("a photo that does not match its SHA-256 is dropped and asked for again; a foreign drone is refused")
    func mismatchAndForeignDrone() async throws {
        let h = try await IngestHarness()
        defer { Task { await h.stop() } }
        try await h.waitForIngest()
        try await Self.offer(in: h, delivery: "dlv_p2", assignment: "asg-p2", drone: "sr-p2")
        let acks = try await Self.acks(h)
        let image = Data(repeating: 0x5A, count: 1_000)
        let wrong = String(repeating: "0", count: 64)
        try await h.peer.publish(Self.chunk("sr-p2", "asg-p2", image: image, sha256: wrong, offset: 0), drone: "sr-p2")
        let ack = try await acks.next("asg-p2")
        #expect(ack.receivedBytes == 0 && !ack.complete, "the drone sends it again from 0")
        #expect(try await h.store.proofImage(deliveryID: "dlv_p2") == nil)

        // Another drone claiming the assignment: refused for good, nothing stored for it.
        try await h.peer.publish(
            Self.chunk("sr-other", "asg-p2", image: image, sha256: wrong, offset: 0), drone: "sr-other")
        let refused = try await acks.next("asg-p2", from: "sr-other")
        #expect(refused.refused != nil && !refused.complete)
        #expect(try await h.store.proof(deliveryID: "dlv_p2")?.droneID == "sr-p2")
        await acks.stop()
    }

    // MARK: helpers

    static func offer(in h: IngestHarness, delivery id: String, assignment: String, drone: String) async throws {
        let now = Date()
        try await h.store.insertDelivery(
            Delivery(
                id: id, businessID: IngestHarness.businessID, pickup: GeoPoint(lat: 47.37, lon: 8.54),
                dropoff: GeoPoint(lat: 47.39, lon: 8.52), weightKg: 1, size: .small, status: .inTransit,
                assignedDroneID: drone, assignmentID: assignment, createdAt: now))
        try await h.store.insertOffer(
            Offer(
                assignmentID: assignment, deliveryID: id, droneID: drone, commandID: "cmd-" + assignment,
                offeredAt: now, etaPickup: now, etaDropoff: now, state: .accepted))
    }

    static func chunk(_ drone: String, _ assignment: String, image: Data, sha256: String, offset: Int) throws
        -> ProofChunk
    {
        let end = min(image.count, offset + ProofChunk.maxChunkBytes)
        return ProofChunk(
            droneID: try DroneID(drone), assignmentID: assignment, releasedAtMs: 1_764_060_300_000, position: place,
            gripper: ProofChunk.Gripper(confirmedBy: .missionProgress, missionSeq: 6),
            image: ProofChunk.ImagePart(
                mediaType: "image/png", sha256: sha256, totalBytes: image.count, offset: offset,
                data: image.subdata(in: offset..<end)))
    }

    /// SHA-256 by coreutils' sha256sum, an implementation independent of ground's.
    static func sha256(_ data: Data, in dir: TemporaryDirectory) async throws -> String {
        let file = dir.file("image-\(UUID().uuidString).bin")
        try data.write(to: file)
        let sum = ChildProcess(
            executable: try ChildProcess.system("sha256sum"), arguments: [file.path], logFile: dir.file("sha256.out"))
        try await sum.start()
        _ = try await sum.waitForExit(timeout: .seconds(10))
        return String(sum.log().prefix(64))
    }

    /// Every proof-ack ground publishes, as the drones would receive them.
    actor Acks {
        private var received: [ProofAck] = []
        private var consumed = 0
        private var reader: Task<Void, Never>?

        func start(_ subscription: MQTTSubscription) {
            let codec = FleetCodec()
            reader = Task {
                for await message in subscription {
                    if let ack = try? codec.decode(ProofAck.self, from: message.payload) { self.append(ack) }
                }
            }
        }

        private func append(_ ack: ProofAck) { received.append(ack) }

        /// The next ack (not yet consumed) for `assignment` to `drone` (any drone when nil).
        func next(_ assignment: String, from drone: String? = nil) async throws -> ProofAck {
            try await waitUntil("proof-ack for \(assignment)") {
                received.dropFirst(consumed).contains { Self.matches($0, assignment, drone) }
            }
            while true {
                let ack = received[consumed]
                consumed += 1
                if Self.matches(ack, assignment, drone) { return ack }
            }
        }

        func stop() { reader?.cancel() }

        static func matches(_ ack: ProofAck, _ assignment: String, _ drone: String?) -> Bool {
            ack.assignmentID == assignment && (drone == nil || ack.droneID.rawValue == drone)
        }
    }

    static func acks(_ h: IngestHarness) async throws -> Acks {
        let acks = Acks()
        let subscription = try await h.peer.client.subscribe([FleetTopics.default.filter(.proofAck)], qos: .atLeastOnce)
        await acks.start(subscription)
        return acks
    }
}
