/// Why the camera's image could not be read; each case names the URL CAMERA_IMAGE_CAPTURED gave.
public enum ImageFetchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Neither `file://` nor `http(s)://` (or no URL at all).
    case unsupportedScheme(url: String)
    /// An http(s) URL without a host.
    case invalidURL(url: String)
    case unreadableFile(url: String, reason: String)
    /// The camera's web server answered with a status other than 200 that asking again will not change (4xx).
    case httpStatus(url: String, status: Int)
    /// No answer after every try (connection refused, timeout, 5xx): the last reason.
    case unreachable(url: String, attempts: Int, reason: String)
    case tooLarge(url: String, limit: Int)
    /// The agent is stopping.
    case cancelled(url: String)

    public var description: String {
        switch self {
        case .unsupportedScheme(let url): "image URL '\(url)' is neither file:// nor http(s)://"
        case .invalidURL(let url): "image URL '\(url)' has no host"
        case .unreadableFile(let url, let reason): "cannot read image \(url): \(reason)"
        case .httpStatus(let url, let status): "image \(url): HTTP \(status)"
        case .unreachable(let url, let attempts, let reason):
            "image \(url) unreachable after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(reason)"
        case .tooLarge(let url, let limit): "image \(url) is over \(limit) bytes"
        case .cancelled(let url): "fetching image \(url) cancelled"
        }
    }
}
