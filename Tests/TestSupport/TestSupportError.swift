import Foundation

public enum TestSupportError: Error, CustomStringConvertible {
    case system(String, Int32)
    case noFreePorts(Int)
    case executableNotFound(String, searched: [String])
    case timeout(String)
    case processFailed(String, status: Int32, log: String)

    public var description: String {
        switch self {
        case .system(let call, let code): "\(call) failed: \(String(cString: strerror(code)))"
        case .noFreePorts(let n): "no run of \(n) free UDP ports found"
        case .executableNotFound(let name, let searched): "executable \(name) not found in \(searched)"
        case .timeout(let what): "timed out waiting for \(what)"
        case .processFailed(let what, let status, let log): "\(what) exited with status \(status):\n\(log)"
        }
    }
}
