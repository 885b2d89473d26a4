import Foundation

/// An independent Server-Sent Events client for tests: `curl -sN` on a stream, the text landing in a
/// log file the test reads (``ChildProcess/log()``).
public enum SSECurl {
    /// Starts `curl -sN` on `url`, with `Authorization: Bearer <bearer>` when given, ending by itself
    /// after `maxTime` when given (else the test terminates it), writing the stream to `logFile`.
    public static func start(_ url: String, bearer: String?, logFile: URL, maxTime: Duration? = nil) async throws
        -> ChildProcess
    {
        var arguments = ["-sN"]
        if let maxTime { arguments += ["--max-time", "\(maxTime.components.seconds)"] }
        if let bearer { arguments += ["-H", "Authorization: Bearer \(bearer)"] }
        let curl = ChildProcess(
            executable: try ChildProcess.system("curl"), arguments: arguments + [url], logFile: logFile)
        try await curl.start()
        return curl
    }
}
