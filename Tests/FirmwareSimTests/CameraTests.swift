import FirmwareSim
import Foundation
import MAVLink
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("firmware-sim camera")
struct CameraTests {
    static func cameraConfiguration() throws -> (SimulatorConfiguration, URL) {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sim-camera-\(UUID().uuidString)", isDirectory: true)
        var c = SimFixture.configuration()
        c.cameraDirectory = directory.path
        return (c, directory)
    }

    @Test("the camera is its own component: MAV_TYPE_CAMERA heartbeat and CAMERA_INFORMATION on request")
    func heartbeatAndInformation() async throws {
        let (configuration, directory) = try Self.cameraConfiguration()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await SimFixture.withSimulator(configuration) { _, peer in
            _ = try await peer.next(Heartbeat.self, where: { $0.type == .camera })
            let camera = await peer.frames.first {
                $0.messageID == Heartbeat.messageID && (try? $0.decode(as: Heartbeat.self))?.type == .camera
            }
            #expect(camera?.componentID == SimulatedCamera.componentID)
            #expect((try? camera?.decode(as: Heartbeat.self))?.autopilot == .invalid)
            let request = Float(CameraInformation.messageID)
            #expect(
                try await peer.command(.requestMessage, request, component: SimulatedCamera.componentID) == .accepted)
            let info = try await peer.next(CameraInformation.self)
            #expect(info.resolutionH == UInt16(DropPointImage.width))
            #expect(info.flags & 2 == 2)
        }
    }

    @Test("IMAGE_START_CAPTURE: ack from the camera, then CAMERA_IMAGE_CAPTURED with a written PNG")
    func capture() async throws {
        let (configuration, directory) = try Self.cameraConfiguration()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await SimFixture.withSimulator(configuration) { _, peer in
            // Interval capture is a mode this camera lacks.
            #expect(
                try await peer.command(.imageStartCapture, 0, 1, 0, 0, component: SimulatedCamera.componentID)
                    == .denied)
            #expect(
                try await peer.command(.imageStartCapture, 0, 0, 1, 1, component: SimulatedCamera.componentID)
                    == .accepted)
            let ack = await peer.frames.last { $0.messageID == CommandAck.messageID }
            #expect(ack?.componentID == SimulatedCamera.componentID)
            let captured = try await peer.next(CameraImageCaptured.self)
            #expect(captured.captureResult == 1)
            #expect(captured.imageIndex == 0)
            #expect(abs(Double(captured.lat) / 1e7 - SimFixture.home.latitude) < 0.001)
            #expect(abs(Double(captured.lon) / 1e7 - SimFixture.home.longitude) < 0.001)
            #expect(captured.timeUtc > 0)
            let url = try #require(URL(string: captured.fileUrl))
            #expect(url.isFileURL)
            let bytes = [UInt8](try Data(contentsOf: url))
            #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            #expect(bytes.count > DropPointImage.width * DropPointImage.height * 3)

            // A missed CAMERA_IMAGE_CAPTURED is fetched again by index; an unknown index fails.
            let again = Float(CameraImageCaptured.messageID)
            #expect(
                try await peer.command(.requestMessage, again, 0, component: SimulatedCamera.componentID) == .accepted)
            let repeated = try await peer.next(CameraImageCaptured.self)
            #expect(repeated.fileUrl == captured.fileUrl)
            #expect(
                try await peer.command(.requestMessage, again, 7, component: SimulatedCamera.componentID) == .failed)
            // The autopilot still answers its own commands (component 1).
            #expect(try await peer.command(.doGripper, 1, 1) == .accepted)
        }
    }

    @Test("--camera-http-port: CAMERA_IMAGE_CAPTURED carries the web server's http:// URL, which serves the PNG")
    func webServer() async throws {
        var (configuration, directory) = try Self.cameraConfiguration()
        configuration.cameraHTTPPort = 0
        defer { try? FileManager.default.removeItem(at: directory) }
        let session = URLSession(configuration: .ephemeral)
        try await SimFixture.withSimulator(configuration) { sim, peer in
            let port = try #require(sim.cameraHTTPPort)
            #expect(
                try await peer.command(.imageStartCapture, 0, 0, 1, 1, component: SimulatedCamera.componentID)
                    == .accepted)
            let captured = try await peer.next(CameraImageCaptured.self)
            #expect(captured.captureResult == 1)
            let url = try #require(URL(string: captured.fileUrl))
            #expect(url.scheme == "http" && url.host == "127.0.0.1" && url.port == port, "\(url)")
            let (body, response) = try await session.data(from: url)
            let http = try #require(response as? HTTPURLResponse)
            #expect(http.statusCode == 200 && http.value(forHTTPHeaderField: "Content-Type") == "image/png")
            #expect(body == (try Data(contentsOf: directory.appendingPathComponent(url.lastPathComponent))))
            let missing = try #require(URL(string: "http://127.0.0.1:\(port)/sys1-img9.png"))
            #expect((try await session.data(from: missing).1 as? HTTPURLResponse)?.statusCode == 404)
            // Down: the camera keeps its URLs, nobody answers there.
            #expect(try await sim.control("camera-http stop") == "ok")
            await #expect(throws: (any Error).self) { _ = try await session.data(from: url) }
        }
    }

    @Test("a camera web server without a camera is a configuration error")
    func webServerNeedsCamera() {
        var configuration = SimFixture.configuration()
        configuration.cameraHTTPPort = 0
        #expect(throws: SimulatorConfiguration.ValidationError.cameraHTTPWithoutCamera) {
            try configuration.validate()
        }
    }

    @Test("PNG encoder: stored deflate blocks with the right Adler-32 and chunk CRCs")
    func pngEncoder() {
        // Reference values: zlib.adler32(b"Wikipedia") == 0x11E60398, zlib.crc32(b"IEND") == 0xAE426082.
        #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(PNGEncoder.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        let png = PNGEncoder.encode(width: 1, height: 1, rgb: [255, 0, 0])
        #expect(Array(png.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
        // 1×1 RGB: one filter byte + 3 samples, in one final stored block.
        let stored = PNGEncoder.zlibStored([0, 255, 0, 0])
        #expect(Array(stored.prefix(7)) == [0x78, 0x01, 0x01, 0x04, 0x00, 0xFB, 0xFF])
    }
}
