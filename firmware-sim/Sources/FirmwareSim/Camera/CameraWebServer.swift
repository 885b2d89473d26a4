import NIOCore

/// The cameras' web server as the engine knows it: the base of the URLs the cameras report, and the
/// listening channel the `camera-http stop` control command closes.
struct CameraWebServer: Sendable {
    /// `http://host:port`, without a trailing slash.
    var baseURL: String
    var channel: any Channel
    var running = true
}
