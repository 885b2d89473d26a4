import Crypto
import DroneAgent
import FleetProtocol
import Foundation
import Logging
import TestSupport
import Testing

/// Proof-of-delivery photos from a camera that serves them over HTTP (firmware-sim `--camera-http-port`),
/// as real MAVLink cameras do: the agent fetches the `http://` URL of CAMERA_IMAGE_CAPTURED, and a camera
/// whose web server is down costs the photo, never the release record.
@Suite("Drone agent proof photo over HTTP", .serialized)
struct CameraWebServerProofTests {
    static func hex(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    /// Flies the short assignment and returns the proof chunks once the first one for it is in.
    static func flyToProof(_ harness: AgentHarness, id: String) async throws -> ProofChunk {
        try await harness.waitUntilReady()
        let commandID = try await harness.send(.assign(AgentHarness.shortAssignment(id: id)))
        try await waitUntil("reply", timeout: .seconds(10)) { await harness.observer.reply(commandID) != nil }
        #expect(await harness.observer.reply(commandID)?.accepted == true)
        try await waitUntil("proof of delivery", timeout: .seconds(120)) {
            await harness.observer.proofChunks.contains { $0.assignmentID == id }
        }
        return try #require(await harness.observer.proofChunks.first { $0.assignmentID == id })
    }

    @Test("the photo comes from the camera's web server (http://) and goes up whole, byte for byte")
    func photoOverHTTP() async throws {
        let photos = try TemporaryDirectory(prefix: "camera-http")
        defer { photos.remove() }
        let harness = try await AgentHarness(
            droneID: "cam-http", simArguments: ["--camera-dir", photos.path, "--camera-http-port", "0"])
        let id = "a-cam-http"
        do {
            let first = try await Self.flyToProof(harness, id: id)
            let part = try #require(first.image, "photo expected, got: \(first.imageError ?? "-")")
            #expect(part.mediaType == "image/png")
            #expect(harness.sim.log().contains("camera http 127.0.0.1:"))
            // Ground's side of the upload: store each chunk that continues what it has, acknowledge it.
            var image = Data()
            try await waitUntil("whole photo", timeout: .seconds(60), every: .milliseconds(100)) {
                for chunk in await harness.observer.proofChunks where chunk.assignmentID == id {
                    guard let piece = chunk.image, piece.offset == image.count else { continue }
                    image.append(piece.data)
                    let ack = ProofAck(
                        droneID: try DroneID(harness.droneID), assignmentID: id, receivedBytes: image.count,
                        complete: image.count == piece.totalBytes, timeMs: Int64(Date().timeIntervalSince1970 * 1000))
                    try await harness.observer.client.publish(
                        harness.topics.proofAck(try DroneID(harness.droneID)), payload: FleetCodec().encodeBytes(ack),
                        qos: .atLeastOnce)
                }
                return image.count == part.totalBytes
            }
            #expect(Self.hex(image) == part.sha256)
            // The very bytes the camera wrote, fetched from its server (the agent has no file:// to read).
            let files = try FileManager.default.contentsOfDirectory(atPath: photos.path).filter { $0.hasSuffix(".png") }
            let file = try #require(files.first, "the camera wrote no photo")
            #expect(try Data(contentsOf: photos.file(file)) == image)
            #expect(!harness.agent.log().contains("camera image fetch failed"))
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test(
        "the camera's web server down: the fetch is retried, then the release goes up without a photo, naming the URL")
    func serverDown() async throws {
        let photos = try TemporaryDirectory(prefix: "camera-http-down")
        defer { photos.remove() }
        let harness = try await AgentHarness(
            droneID: "cam-down", simArguments: ["--camera-dir", photos.path, "--camera-http-port", "0"])
        do {
            try await harness.waitUntilReady()
            #expect(try await harness.simControl("camera-http stop") == "ok\n")
            let first = try await Self.flyToProof(harness, id: "a-cam-down")
            #expect(first.image == nil)
            let reason = try #require(first.imageError)
            #expect(
                reason.contains("http://127.0.0.1:") && reason.contains("unreachable after 3 attempts"), "\(reason)")
            // The release record is whole: time and place of the release, the gripper's confirmation.
            #expect(first.releasedAtMs > 0 && first.position.lat != 0 && first.position.lon != 0)
            let attempts = harness.agent.log().components(separatedBy: "camera image fetch failed").count - 1
            #expect(attempts == 3, "three tries, each logged")
            // The camera did take and write the photo: only its server is gone.
            #expect(try FileManager.default.contentsOfDirectory(atPath: photos.path).contains { $0.hasSuffix(".png") })
        } catch {
            Issue.record("\(error)\n\(await harness.diagnostics())")
        }
        await harness.shutdown()
    }

    @Test("an image URL of another scheme is a clear error naming it; file:// keeps working")
    func schemes() async throws {
        let fetcher = CameraImageFetcher(logger: Logger(label: "test"))
        do {
            _ = try await fetcher.fetch("ftp://camera.local/img1.png")
            Issue.record("ftp:// accepted")
        } catch {
            #expect(error == .unsupportedScheme(url: "ftp://camera.local/img1.png"))
            #expect("\(error)".contains("ftp://camera.local/img1.png"))
        }
        let dir = try TemporaryDirectory(prefix: "camera-file")
        defer { dir.remove() }
        let bytes = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
        try bytes.write(to: dir.file("img0.png"))
        #expect(try await fetcher.fetch(dir.file("img0.png").absoluteString) == bytes)
        do {
            _ = try await fetcher.fetch(dir.file("missing.png").absoluteString)
            Issue.record("missing file read")
        } catch {
            guard case .unreadableFile(let url, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(url.hasSuffix("missing.png"))
        }
    }
}
