import Foundation

/// Where ground finds the browser pages it serves under `/ui` (operator map, customer tracking,
/// analytics): plain files, so an operator can restyle them without rebuilding.
package enum WebRoot {
    /// The configured folder if given, else the first that holds `index.html` of: the install
    /// layout next to the executable (`../share/skyrelay/web`, what the container image uses) and
    /// the source tree this binary was built from (`ground/Web`, for development builds).
    package static func locate(configured: String?, executable: URL? = Bundle.main.executableURL) -> String? {
        if let configured { return configured }
        var candidates: [URL] = []
        if let executable {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../share/skyrelay/web"))
        }
        // #filePath: .../ground/Sources/GroundControl/HTTP/WebRoot.swift → .../ground/Web
        candidates.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Web"))
        return candidates.map(\.standardizedFileURL.path)
            .first { FileManager.default.fileExists(atPath: $0 + "/index.html") }
    }
}
