import Foundation
import Testing

@testable import GroundCore
@testable import GroundStore

/// The proof-of-delivery part of the store contract, on both stores (SQLite and a real PostgreSQL).
@Suite("Proof-of-delivery store")
struct ProofStoreTests {
    static func proof(sha256: String = String(repeating: "c", count: 64), total: Int = 5) -> DeliveryProof {
        DeliveryProof(
            deliveryID: "d1", droneID: "sr-1", assignmentID: "asg-1", releasedAt: StoreTests.t0, lat: 47.2, lon: 8.6,
            altAmslM: 412.5, altRelM: 2.5, gripperConfirmedBy: "mission-progress", gripperMissionSeq: 6,
            imageMediaType: "image/png", imageSHA256: sha256, imageTotalBytes: total, storedAt: StoreTests.t0)
    }

    @Test(arguments: StoreBackend.allCases)
    func storesPiecesInOrderOnlyAndFinishes(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        try await store.insertBusiness(StoreTests.business())
        try await store.insertDelivery(StoreTests.delivery("d1"))
        #expect(try await store.proof(deliveryID: "d1") == nil)

        // A piece past what is stored creates the proof but is not kept.
        var stored = try await store.storeProofChunk(Self.proof(), imageOffset: 3, imageData: Data([4, 5]))
        #expect(stored.imageReceivedBytes == 0 && stored.gripperMissionSeq == 6 && stored.altAmslM == 412.5)
        stored = try await store.storeProofChunk(Self.proof(), imageOffset: 0, imageData: Data([1, 2, 3]))
        #expect(stored.imageReceivedBytes == 3)
        // The same piece again, and a piece of another image (other SHA-256): nothing changes.
        stored = try await store.storeProofChunk(Self.proof(), imageOffset: 0, imageData: Data([1, 2, 3]))
        #expect(stored.imageReceivedBytes == 3)
        let other = Self.proof(sha256: String(repeating: "d", count: 64))
        stored = try await store.storeProofChunk(other, imageOffset: 3, imageData: Data([9, 9]))
        #expect(stored.imageReceivedBytes == 3 && stored.imageSHA256 == String(repeating: "c", count: 64))
        // Nothing past the announced size.
        stored = try await store.storeProofChunk(Self.proof(), imageOffset: 3, imageData: Data([4, 5, 6]))
        #expect(stored.imageReceivedBytes == 3)
        stored = try await store.storeProofChunk(Self.proof(), imageOffset: 3, imageData: Data([4, 5]))
        #expect(stored.imageReceivedBytes == 5 && !stored.imageComplete)
        #expect(try await store.proofImage(deliveryID: "d1") == Data([1, 2, 3, 4, 5]))

        try await store.finishProofImage(deliveryID: "d1", matched: true)
        let done = try #require(try await store.proof(deliveryID: "d1"))
        #expect(done.imageComplete && done.isComplete)
        await fixture.close()
    }

    @Test(arguments: StoreBackend.allCases)
    func mismatchStartsOverAndAProofWithoutPhotoIsComplete(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        try await store.insertBusiness(StoreTests.business())
        try await store.insertDelivery(StoreTests.delivery("d1"))
        try await store.insertDelivery(StoreTests.delivery("d2"))
        _ = try await store.storeProofChunk(Self.proof(), imageOffset: 0, imageData: Data([1, 2, 3, 4, 5]))
        try await store.finishProofImage(deliveryID: "d1", matched: false)
        let restarted = try #require(try await store.proof(deliveryID: "d1"))
        #expect(restarted.imageReceivedBytes == 0 && !restarted.imageComplete)
        #expect(try await store.proofImage(deliveryID: "d1") == nil)

        var bare = Self.proof()
        bare.deliveryID = "d2"
        bare.imageMediaType = nil
        bare.imageSHA256 = nil
        bare.imageTotalBytes = nil
        bare.imageError = "no camera answered"
        let stored = try await store.storeProofChunk(bare, imageOffset: 0, imageData: nil)
        #expect(stored.isComplete && stored.imageError == "no camera answered")
        await fixture.close()
    }
}
