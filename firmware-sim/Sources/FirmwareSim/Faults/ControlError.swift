/// Why a control line (stdin, control port, `--fault`) was rejected.
public enum ControlError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownCommand(String)
    case unknownFault(String)
    case missingArgument(String)
    case invalidNumber(String, field: String)
    case invalidValue(String, field: String)
    case noSuchVehicle(String, count: Int)
    /// `swap-battery` refused: the vehicle, and why (armed, off a depot, not on a pad ...).
    case swapRefused(vehicle: Int, reason: String)

    public var description: String {
        switch self {
        case .unknownCommand(let c): "unknown command '\(c)' (try 'help')"
        case .unknownFault(let f):
            "unknown fault '\(f)' (gps-loss, battery-sag, battery-fail, link-loss, motor-fail, msg-loss, clear)"
        case .missingArgument(let what): "missing \(what)"
        case .invalidNumber(let v, let field): "invalid number '\(v)' for \(field)"
        case .invalidValue(let v, let field): "invalid value '\(v)' for \(field)"
        case .noSuchVehicle(let v, let count): "no drone '\(v)': use 0..\(count - 1) or 'all'"
        case .swapRefused(let v, let reason): "swap-battery refused for drone \(v): \(reason)"
        }
    }
}
