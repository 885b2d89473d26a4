import ArgumentParser

/// Exit statuses in the style of gh and kubectl, so scripts can tell why groundctl failed:
/// 0 done; 1 the request failed (an API refusal, a server error, ground not reachable, an answer
/// groundctl cannot read); 4 the key is missing, unknown or not allowed (401/403, as gh's
/// "authentication required"); 64 wrong arguments (ArgumentParser's usage errors use the same).
extension CLIError {
    static let failure: Int32 = 1
    static let authentication: Int32 = 4
    static let usage: Int32 = 64

    var exitCode: Int32 {
        switch self {
        case let .api(status, _, _, _) where status == 401 || status == 403: Self.authentication
        case .invalidArgument: Self.usage
        case .api, .unreachable, .badResponse: Self.failure
        }
    }

    /// One line for stderr: what went wrong, then what to do about it when groundctl can tell.
    var message: String {
        switch self {
        case let .api(status, code, field, message):
            let where_ = field.map { ", field \($0)" } ?? ""
            let hint =
                switch status {
                case 401: " (pass --key or set $SKYRELAY_KEY)"
                case 403: " (this key may not do that: operator commands need the operator key)"
                default: ""
                }
            return "\(message) (HTTP \(status) \(code)\(where_))\(hint)"
        case let .unreachable(url, reason):
            return "cannot reach ground-control at \(url): \(reason) (is it running? pass --url or set $SKYRELAY_URL)"
        case .badResponse, .invalidArgument:
            return description
        }
    }
}
