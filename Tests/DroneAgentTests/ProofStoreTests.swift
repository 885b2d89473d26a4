import DroneAgent
import FleetProtocol
import Foundation
import TestSupport
import Testing

/// The proof-of-delivery part of the agent's SQLite store and the chunks the uploader makes of it.
@Suite("Proof of delivery store")
struct ProofStoreTests {
    static func release(_ id: String = "asg-1") -> ProofRecord {
        ProofRecord(
            assignmentID: id, releasedAt: 1_764_060_300_000, lat: 47.3977, lon: 8.5456, altAmslM: 490.5, altRelM: 2.5,
            gripperConfirmedBy: ProofChunk.Gripper.Confirmation.missionProgress.rawValue, gripperMissionSeq: 6)
    }

    @Test("a release is recorded once, waits for its photo, then uploads until ground has all of it")
    func lifecycle() throws {
        let directory = try TemporaryDirectory(prefix: "proof-store")
        defer { directory.remove() }
        let path = directory.file("agent.sqlite").path
        let image = Data((0..<80_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        do {
            let store = try AgentStore(path: path)
            try store.recordRelease(Self.release())
            var second = Self.release()
            second.releasedAt = 1
            try store.recordRelease(second) // a repeated transition keeps the first record
            #expect(try store.releasesAwaitingPhoto().map(\.releasedAt) == [1_764_060_300_000])
            #expect(try store.pendingProofUploads().isEmpty, "nothing to upload before the photo step")
            try store.attachPhoto(
                assignmentID: "asg-1", image: image, mediaType: "image/png", sha256: String(repeating: "a", count: 64),
                error: nil)
            try store.acknowledgeProof(assignmentID: "asg-1", receivedBytes: 32_768, complete: false, refused: nil)
        }
        // Reopened (an agent restart mid-upload): the upload resumes at ground's count.
        let store = try AgentStore(path: path)
        #expect(try store.releasesAwaitingPhoto().isEmpty)
        let pending = try #require(try store.pendingProofUploads().first)
        #expect(pending.ackedBytes == 32_768)
        let chunk = try ProofStoreTests.chunk(pending)
        #expect(chunk.image?.offset == 32_768)
        #expect(chunk.image?.data == image.subdata(in: 32_768..<65_536))
        #expect(chunk.image?.totalBytes == 80_000)
        #expect(chunk.gripper.missionSeq == 6 && chunk.imageError == nil)
        // Ground lost its partial copy and says 0: the count goes back, the next chunk starts over.
        try store.acknowledgeProof(assignmentID: "asg-1", receivedBytes: 0, complete: false, refused: nil)
        #expect(try ProofStoreTests.chunk(try #require(try store.pendingProofUploads().first)).image?.offset == 0)
        try store.acknowledgeProof(assignmentID: "asg-1", receivedBytes: 80_000, complete: true, refused: nil)
        #expect(try store.pendingProofUploads().isEmpty)
        let done = try #require(try store.proof(assignmentID: "asg-1"))
        #expect(done.completedAt != nil && done.image == nil, "ground keeps the photo now")
    }

    @Test("without a photo the release goes alone with the reason; a refused proof is not sent again")
    func withoutPhoto() throws {
        let directory = try TemporaryDirectory(prefix: "proof-store")
        defer { directory.remove() }
        let store = try AgentStore(path: directory.file("agent.sqlite").path)
        try store.recordRelease(Self.release("asg-2"))
        try store.attachPhoto(
            assignmentID: "asg-2", image: nil, mediaType: nil, sha256: nil, error: "no camera answered")
        let chunk = try ProofStoreTests.chunk(try #require(try store.pendingProofUploads().first))
        #expect(chunk.image == nil && chunk.imageError == "no camera answered")
        #expect(throws: Never.self) { try FleetCodec().encode(chunk) }
        try store.acknowledgeProof(assignmentID: "asg-2", receivedBytes: 0, complete: false, refused: "not offered")
        #expect(try store.pendingProofUploads().isEmpty)
    }

    static func chunk(_ record: ProofRecord) throws -> ProofChunk {
        try ProofUploader.chunk(of: record, droneID: DroneID("sr-001"))
    }
}
