/// Why a configuration could not be loaded; each case names the file or field at fault.
public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The YAML did not parse or did not match the schema.
    case malformed(path: String, reason: String)
    /// A field parsed but its value is unusable.
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "cannot read config \(path): \(reason)"
        case let .malformed(path, reason): "malformed config \(path): \(reason)"
        case let .invalid(field, reason): "invalid config field \(field): \(reason)"
        }
    }
}
