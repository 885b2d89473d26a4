import Hummingbird

/// What a request presented to open a delivery's long-lived response.
///
/// A stream rechecks it at each heartbeat; keeping these few bytes instead of the whole request (its
/// header fields, URI and body state) keeps each of 10,000 open streams small.
enum PresentedCredential: Sendable {
    /// An API key (`Authorization: Bearer` or `X-API-Key`), checked again by the authenticator.
    case key(String)
    /// No key: the `token` query parameter, nil when none was given.
    case trackingToken(String?)

    init(_ request: Request) {
        if let key = AuthMiddleware.presentedKey(request) {
            self = .key(key)
        } else {
            self = .trackingToken(request.uri.queryParameters.get("token"))
        }
    }
}
