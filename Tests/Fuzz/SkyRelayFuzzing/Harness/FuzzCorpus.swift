import Foundation

/// Inputs and dictionary tokens read from disk, in the layouts libFuzzer uses.
public struct FuzzCorpus: Sendable {
    /// One input and where it came from.
    public struct Entry: Sendable {
        /// The file path, or a label for generated inputs.
        public var name: String
        public var bytes: [UInt8]

        public init(name: String, bytes: [UInt8]) {
            self.name = name
            self.bytes = bytes
        }
    }

    /// One entry per file, in path order so runs are reproducible.
    public var inputs: [Entry]

    public init(inputs: [Entry]) {
        self.inputs = inputs
    }

    /// Reads every regular file under `paths` (files or directories, recursively; dot-files skipped).
    public init(paths: [URL]) throws {
        var inputs: [Entry] = []
        for path in paths {
            for file in try Self.files(at: path) {
                inputs.append(Entry(name: file.path, bytes: [UInt8](try Data(contentsOf: file))))
            }
        }
        self.inputs = inputs
    }

    private static func files(at url: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        guard isDirectory.boolValue else { return [url] }
        let enumerator = FileManager.default.enumerator(
            at: url, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        var files: [URL] = []
        while let file = enumerator?.nextObject() as? URL {
            if (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                files.append(file)
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Parses a libFuzzer dictionary: one `name="token"` or `"token"` per line, `#` comments,
    /// `\\`, `\"` and `\xNN` escapes.
    public static func dictionary(contentsOf url: URL) throws -> [[UInt8]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> [UInt8]? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let open = trimmed.firstIndex(of: "\""), trimmed.last == "\"" else {
                return nil
            }
            let quoted = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
            return unescape(Array(quoted.utf8))
        }
    }

    private static func unescape(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                if bytes[index + 1] == UInt8(ascii: "x"), index + 3 < bytes.count,
                    let value = UInt8(String(decoding: bytes[(index + 2)...(index + 3)], as: UTF8.self), radix: 16)
                {
                    result.append(value)
                    index += 4
                    continue
                }
                result.append(bytes[index + 1])
                index += 2
                continue
            }
            result.append(bytes[index])
            index += 1
        }
        return result
    }
}
