#if canImport(Glibc)
    import Glibc
#endif

/// The process's open-file limit (RLIMIT_NOFILE). Every HTTP connection, and so every live SSE
/// stream, holds a socket: at the soft limit accept() fails with EMFILE and NIO backs off, so new
/// connections wait in the listen queue until it is full. Ground raises the soft limit to the hard one
/// at start (the systemd unit sets both with `LimitNOFILE`).
package struct OpenFileLimit: Sendable, Hashable {
    package var soft: UInt64
    package var hard: UInt64

    /// The limit as it is now.
    package static func current() throws(OpenFileLimitError) -> OpenFileLimit {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else {
            throw OpenFileLimitError(operation: "getrlimit", errno: errno)
        }
        return OpenFileLimit(soft: UInt64(limit.rlim_cur), hard: UInt64(limit.rlim_max))
    }

    /// Raises the soft limit to the hard limit; returns the limit before and after.
    package static func raiseToHard() throws(OpenFileLimitError) -> (before: OpenFileLimit, after: OpenFileLimit) {
        let before = try current()
        guard before.soft < before.hard else { return (before, before) }
        var limit = rlimit(rlim_cur: rlim_t(before.hard), rlim_max: rlim_t(before.hard))
        guard setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else {
            throw OpenFileLimitError(operation: "setrlimit", errno: errno)
        }
        return (before, try current())
    }
}

/// A failed read or change of the open-file limit.
package struct OpenFileLimitError: Error, CustomStringConvertible {
    package var operation: String
    package var errno: Int32

    package var description: String { "\(operation)(RLIMIT_NOFILE) failed: errno \(errno)" }
}
