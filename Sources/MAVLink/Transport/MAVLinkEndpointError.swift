/// An endpoint URL that could not be parsed, with the reason.
public struct MAVLinkEndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    public var url: String
    public var reason: String

    public init(url: String, reason: String) {
        self.url = url
        self.reason = reason
    }

    public var description: String { "invalid MAVLink endpoint \(url): \(reason)" }
}
