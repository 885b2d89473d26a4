/// Failures groundctl reports to the user (exit status 1).
enum CLIError: Error, CustomStringConvertible {
    case api(status: Int, code: String, field: String?, message: String)
    case unreachable(String, String)
    case badResponse(String)
    case invalidArgument(String, String)

    var description: String {
        switch self {
        case let .api(status, code, field, message):
            "HTTP \(status) \(code)" + (field.map { " (field \($0))" } ?? "") + ": \(message)"
        case let .unreachable(url, reason): "cannot reach \(url): \(reason)"
        case let .badResponse(path): "unexpected response from \(path)"
        case let .invalidArgument(name, reason): "\(name): \(reason)"
        }
    }
}
