import AsyncHTTPClient
import FleetProtocol
import Foundation
import Logging
import NIOCore

/// Reads the image a MAVLink camera reported in CAMERA_IMAGE_CAPTURED `file_url`: `file://` from storage
/// the companion computer mounts, `http(s)://` from the camera's own web server (what real cameras give).
/// HTTP is retried with backoff on connection failures, timeouts and 5xx answers (a camera still writing
/// its file, a web server restarting); a 4xx answer, an unsupported scheme or an image over `maxBytes` is
/// final. Every error names the URL. Each fetch has its own HTTP client, shut down when it ends: one photo
/// per delivery needs no pool, and the client's connect timeout is the camera's, not a shared default.
public struct CameraImageFetcher: Sendable {
    /// HTTP tries per image, the first included.
    public var attempts: Int
    /// Whole-request limit for one try (connect, answer and body).
    public var timeout: Duration
    /// How long one try waits for the camera to accept the connection (a camera on the drone's own
    /// network answers at once or is down; the client retries connecting until then).
    public var connectTimeout: Duration
    /// Wait before the second try; doubled before each later one.
    public var retryDelay: Duration
    /// Largest image accepted, bytes (what a proof of delivery may carry).
    public var maxBytes: Int
    let logger: Logger

    public init(
        attempts: Int = 3, timeout: Duration = .seconds(10), connectTimeout: Duration = .seconds(2),
        retryDelay: Duration = .milliseconds(500), maxBytes: Int = ProofChunk.maxImageBytes, logger: Logger
    ) {
        self.attempts = max(1, attempts)
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.retryDelay = retryDelay
        self.maxBytes = maxBytes
        self.logger = logger
    }

    /// The image bytes at `url`.
    public func fetch(_ url: String) async throws(ImageFetchError) -> Data {
        let scheme = url.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
        switch scheme {
        case "file": return try readFile(url)
        case "http", "https": return try await download(url)
        default: throw .unsupportedScheme(url: url)
        }
    }

    private func readFile(_ url: String) throws(ImageFetchError) -> Data {
        guard let fileURL = URL(string: url), fileURL.isFileURL else {
            throw .unreadableFile(url: url, reason: "not a valid file URL")
        }
        let data: Data
        do { data = try Data(contentsOf: fileURL) } catch {
            throw .unreadableFile(url: url, reason: error.localizedDescription)
        }
        guard data.count <= maxBytes else { throw .tooLarge(url: url, limit: maxBytes) }
        return data
    }

    private func download(_ url: String) async throws(ImageFetchError) -> Data {
        guard let parsed = URL(string: url), parsed.host?.isEmpty == false else { throw .invalidURL(url: url) }
        var configuration = HTTPClient.Configuration()
        configuration.timeout = HTTPClient.Configuration.Timeout(
            connect: TimeAmount(connectTimeout), read: TimeAmount(timeout))
        var outcome: Result<Data, ImageFetchError>?
        do {
            try await HTTPClient.withHTTPClient(configuration: configuration) { client in
                do throws(ImageFetchError) {
                    outcome = .success(try await download(url, with: client))
                } catch {
                    outcome = .failure(error)
                }
            }
        } catch {
            // Only the client's shutdown can throw here: the outcome is already known.
            logger.warning("camera image client shutdown failed", metadata: ["url": "\(url)", "error": "\(error)"])
        }
        guard let outcome else { throw .cancelled(url: url) }
        return try outcome.get()
    }

    private func download(_ url: String, with client: HTTPClient) async throws(ImageFetchError) -> Data {
        var delay = retryDelay
        var last: ImageFetchError = .unreachable(url: url, attempts: 0, reason: "not tried")
        for attempt in 1...attempts {
            do throws(Attempt) {
                return try await downloadOnce(url, with: client)
            } catch {
                switch error {
                case .final(let final):
                    throw final
                case .retryable(let reason):
                    last = .unreachable(url: url, attempts: attempt, reason: reason)
                    logger.warning(
                        "camera image fetch failed",
                        metadata: ["url": "\(url)", "attempt": "\(attempt)/\(attempts)", "reason": "\(reason)"])
                }
            }
            if attempt < attempts {
                do { try await Task.sleep(for: delay) } catch { throw .cancelled(url: url) }
                delay *= 2
            }
        }
        throw last
    }

    /// One try: a retryable failure (no connection, timeout, 5xx) or a final one.
    private enum Attempt: Error {
        case retryable(String)
        case final(ImageFetchError)
    }

    private func downloadOnce(_ url: String, with client: HTTPClient) async throws(Attempt) -> Data {
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        let request = HTTPClientRequest(url: url)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: deadline, logger: logger)
        } catch {
            throw .retryable("\(error)")
        }
        let status = Int(response.status.code)
        if status >= 500 { throw .retryable("HTTP \(status)") }
        guard status == 200 else { throw .final(.httpStatus(url: url, status: status)) }
        let limit = maxBytes
        // The request's deadline ends with the response head; the body gets what is left of it.
        let remaining = deadline - .now()
        do {
            let body = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask { try await response.body.collect(upTo: limit) }
                group.addTask {
                    try await Task.sleep(for: .nanoseconds(max(remaining.nanoseconds, 0)))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
            guard let body else { throw Attempt.retryable("timed out reading the body") }
            return Data(body.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw .final(.tooLarge(url: url, limit: limit))
        } catch let attempt as Attempt {
            throw attempt
        } catch {
            throw .retryable("\(error)")
        }
    }
}
