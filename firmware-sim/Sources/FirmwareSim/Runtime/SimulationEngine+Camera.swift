import Foundation

extension SimulationEngine {
    /// Writes the photos vehicle `index`'s camera took since the last call, then lets the camera report
    /// them (CAMERA_IMAGE_CAPTURED with the file:// URL, or the web server's http:// URL; an empty URL and
    /// capture_result 0 when the file could not be written).
    func writeCaptures(_ index: Int) {
        guard let directory = configuration.cameraDirectory else { return }
        while let capture = vehicles[index].camera?.pending.first {
            let url = URL(fileURLWithPath: directory, isDirectory: true)
                .appendingPathComponent("sys\(vehicles[index].systemID)-img\(capture.index).png")
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(DropPointImage(capture: capture).png()).write(to: url, options: .atomic)
                // With the web server the camera gives the photo's http:// URL, as a real camera does; it keeps
                // doing so when the server is stopped (`camera-http stop`), as a camera whose server died.
                let reported = cameraWebServer.map { "\($0.baseURL)/\(url.lastPathComponent)" } ?? url.absoluteString
                vehicles[index].completeCapture(fileURL: reported)
                logger.info("photo written", metadata: ["drone": "\(index)", "file": "\(url.path)"])
            } catch {
                logger.error(
                    "cannot write photo", metadata: ["drone": "\(index)", "file": "\(url.path)", "error": "\(error)"])
                vehicles[index].completeCapture(fileURL: nil)
            }
        }
    }
}
