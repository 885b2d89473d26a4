import Foundation

/// A fixed fleet's provisioning list: one drone id per line; blank lines and `#` comments ignored.
package enum DronesFile {
    package struct Problem: Error, Sendable, CustomStringConvertible {
        package let line: Int
        package let reason: String
        package var description: String { "line \(line): droneId \(reason)" }
    }

    /// The ids listed in `text`, in order, without duplicates; the first bad line throws.
    package static func parse(_ text: String) throws(Problem) -> [String] {
        var ids: [String] = []
        var seen: Set<String> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line =
                raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let id = line.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { continue }
            if let problem = DroneIDRule.problem(with: id) { throw Problem(line: index + 1, reason: problem) }
            if seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }
}
