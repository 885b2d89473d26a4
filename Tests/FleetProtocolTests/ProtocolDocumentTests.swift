import FleetProtocol
import Foundation
import Testing

/// docs/protocol.md is normative: every tagged JSON example must decode with the codec, and every message
/// type must have at least one example, so the document cannot drift from the code.
@Suite("docs/protocol.md examples")
struct ProtocolDocumentTests {
    struct Example {
        var type: String
        var json: String
        var line: Int
    }

    static func examples() throws -> [Example] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/protocol.md"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var examples: [Example] = []
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("<!-- example:"), line.hasSuffix("-->") {
                let type = line.dropFirst("<!-- example:".count).dropLast("-->".count).trimmingCharacters(
                    in: .whitespaces)
                let tagLine = index + 1
                index += 1
                guard index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) == "```json" else {
                    throw DocumentError.tagWithoutJSONBlock(line: tagLine)
                }
                var body: [String] = []
                index += 1
                while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != "```" {
                    body.append(lines[index])
                    index += 1
                }
                examples.append(Example(type: type, json: body.joined(separator: "\n"), line: tagLine))
            }
            index += 1
        }
        return examples
    }

    enum DocumentError: Error { case tagWithoutJSONBlock(line: Int) }

    @Test func everyExampleDecodes() throws {
        let codec = FleetCodec()
        let examples = try Self.examples()
        for example in examples {
            let data = Data(example.json.utf8)
            do {
                switch example.type {
                case "Telemetry": _ = try codec.decode(Telemetry.self, from: data)
                case "DroneState": _ = try codec.decode(DroneState.self, from: data)
                case "DroneEvent": _ = try codec.decode(DroneEvent.self, from: data)
                case "Command": _ = try codec.decode(Command.self, from: data)
                case "CommandReply": _ = try codec.decode(CommandReply.self, from: data)
                case "ProofChunk": _ = try codec.decode(ProofChunk.self, from: data)
                case "ProofAck": _ = try codec.decode(ProofAck.self, from: data)
                default: Issue.record("docs/protocol.md:\(example.line): unknown example type '\(example.type)'")
                }
            } catch {
                Issue.record("docs/protocol.md:\(example.line): \(example.type) example does not decode: \(error)")
            }
        }
        let covered = Set(examples.map(\.type))
        for type in ["Telemetry", "DroneState", "DroneEvent", "Command", "CommandReply", "ProofChunk", "ProofAck"] {
            #expect(covered.contains(type), "docs/protocol.md has no example for \(type)")
        }
    }

    @Test func everyCommandAndEventKindHasAnExample() throws {
        let codec = FleetCodec()
        let examples = try Self.examples()
        let commandKinds = Set(
            try examples.filter { $0.type == "Command" }.map {
                try codec.decode(Command.self, from: Data($0.json.utf8)).kind.wireName
            })
        #expect(commandKinds == ["assign", "cancel", "recall", "land-now", "resend-events", "reroute"])
        var eventKinds: Set<String> = []
        for example in examples where example.type == "DroneEvent" {
            switch try codec.decode(DroneEvent.self, from: Data(example.json.utf8)).kind {
            case .phase: eventKinds.insert("phase")
            case .alarm: eventKinds.insert("alarm")
            }
        }
        #expect(eventKinds == ["phase", "alarm"])
    }

    @Test func everyReasonCodeIsDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/protocol.md"), encoding: .utf8)
        for code in ReasonCode.allCases {
            #expect(
                text.contains("| `\(code.rawValue)` |"), "reason code \(code.rawValue) missing from docs/protocol.md")
        }
        for phase in AssignmentPhase.allCases {
            #expect(text.contains("`\(phase.rawValue)`"), "phase \(phase.rawValue) missing from docs/protocol.md")
        }
    }
}
