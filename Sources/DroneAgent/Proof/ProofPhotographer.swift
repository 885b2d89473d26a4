import Crypto
import FleetProtocol
import Foundation
import Logging

/// Takes the proof-of-delivery photo of every recorded payload release that has none yet: asks the
/// vehicle's MAVLink camera, reads the image it reported (file:// or from the camera's web server), and
/// stores it with the release (or, when no camera answers, the capture fails or the image cannot be
/// fetched, why there is no photo, so the proof still goes to ground).
/// Woken by the executor's phase changes; a slow clock covers a release recorded before a restart.
public struct ProofPhotographer: Sendable {
    let store: AgentStore
    let autopilot: AutopilotLink
    let executor: AssignmentExecutor
    let signal: ProofSignal
    let fetcher: CameraImageFetcher
    let logger: Logger

    public init(
        store: AgentStore, autopilot: AutopilotLink, executor: AssignmentExecutor, signal: ProofSignal,
        fetcher: CameraImageFetcher? = nil, logger: Logger
    ) {
        self.store = store
        self.autopilot = autopilot
        self.executor = executor
        self.signal = signal
        self.fetcher = fetcher ?? CameraImageFetcher(logger: logger)
        self.logger = logger
    }

    public func run() async {
        let changes = await executor.summaryChanges()
        let (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for await _ in changes { wake.yield() } }
            group.addTask {
                while !Task.isCancelled {
                    wake.yield()
                    try? await Task.sleep(for: .seconds(5))
                }
            }
            group.addTask {
                for await _ in wakeups {
                    if Task.isCancelled { break }
                    await photographPendingReleases()
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    func photographPendingReleases() async {
        let releases: [ProofRecord]
        do { releases = try store.releasesAwaitingPhoto() } catch {
            logger.error("cannot read releases awaiting a photo", metadata: ["error": "\(error)"])
            return
        }
        for release in releases {
            // An autopilot link that is down says nothing about the camera: wait for it to come back.
            guard await autopilot.snapshot().autopilotAlive else { return }
            let (image, mediaType, digest, reason) = await photograph()
            let failure = reason.map { Self.clipped($0, maxBytes: 1024) }
            do {
                try store.attachPhoto(
                    assignmentID: release.assignmentID, image: image, mediaType: mediaType, sha256: digest,
                    error: failure)
            } catch {
                logger.error(
                    "cannot store the proof photo",
                    metadata: ["assignmentId": "\(release.assignmentID)", "error": "\(error)"])
                continue
            }
            if let failure {
                logger.warning(
                    "proof of delivery without photo",
                    metadata: ["assignmentId": "\(release.assignmentID)", "reason": "\(failure)"])
            } else {
                logger.info(
                    "proof photo taken",
                    metadata: ["assignmentId": "\(release.assignmentID)", "bytes": "\(image?.count ?? 0)"])
            }
            signal.notify()
        }
    }

    /// `text` cut to `maxBytes` of UTF-8 on a character boundary: `imageError` has that limit on the wire,
    /// and a longer reason (a long URL, a verbose HTTP error) must not keep the release from going up.
    static func clipped(_ text: String, maxBytes: Int) -> String {
        guard text.utf8.count > maxBytes else { return text }
        var cut = text
        while cut.utf8.count > maxBytes - 3 { cut.removeLast() }
        return cut + "..."
    }

    /// The photo, its media type and SHA-256, or why there is none.
    private func photograph() async -> (Data?, String?, String?, String?) {
        do {
            let photo = try await autopilot.capturePhoto()
            let data = try await fetcher.fetch(photo.fileURL)
            guard let mediaType = CapturedPhoto.mediaType(of: data) else {
                return (nil, nil, nil, "image \(photo.fileURL) is neither PNG nor JPEG")
            }
            guard data.count <= ProofChunk.maxImageBytes else {
                return (
                    nil, nil, nil, "image \(photo.fileURL) has \(data.count) bytes, over \(ProofChunk.maxImageBytes)"
                )
            }
            let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            return (data, mediaType, digest, nil)
        } catch {
            return (nil, nil, nil, "\(error)")
        }
    }
}
