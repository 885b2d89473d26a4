import FleetProtocol
import Foundation
import SkyRelayFuzzing
import Testing

/// The committed seeds and dictionaries must keep up with the documents they come from (scripts/fuzz-seeds
/// regenerates them): a message kind or field added to docs/protocol.md, or a request field or value added
/// to docs/openapi.json, fails here until the corpus is regenerated and committed.
@Suite("Seed corpora cover the documents")
struct CorpusCoverageTests {
    static let root = FuzzTarget.fuzzDirectory.deletingLastPathComponent().deletingLastPathComponent()

    struct Example {
        var type: String
        var json: String
        var line: Int
    }

    /// The tagged JSON examples of docs/protocol.md, as scripts/fuzz-seeds reads them.
    static func protocolExamples() throws -> [Example] {
        let lines = try protocolLines()
        var examples: [Example] = []
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            index += 1
            guard line.hasPrefix("<!-- example:"), line.hasSuffix("-->"), index < lines.count, lines[index] == "```json"
            else { continue }
            let type = line.dropFirst("<!-- example:".count).dropLast("-->".count).trimmingCharacters(in: .whitespaces)
            let tagLine = index
            var body: [String] = []
            index += 1
            while index < lines.count, lines[index] != "```" {
                body.append(lines[index])
                index += 1
            }
            examples.append(Example(type: type, json: body.joined(separator: "\n"), line: tagLine))
        }
        return examples
    }

    static func protocolLines() throws -> [String] {
        try String(contentsOf: root.appendingPathComponent("docs/protocol.md"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// (message type, kind) of every "### `kind: X`" heading, by the "## … (`type: T`)" section it is in.
    static func documentedKinds() throws -> Set<String> {
        var kinds: Set<String> = []
        var section = ""
        for line in try protocolLines() {
            if line.hasPrefix("## "), let type = line.firstMatch(of: /\(`type: (\w+)`\)/)?.1 { section = String(type) }
            if let kind = line.firstMatch(of: /^### `kind: ([\w-]+)`/)?.1 { kinds.insert("\(section)/\(kind)") }
        }
        return kinds
    }

    /// The ASCII selector digit of each example type (FleetProtocolFuzzer.Decoder order).
    static let selectors: [String: FleetProtocolFuzzer.Decoder] = [
        "Telemetry": .telemetry, "DroneState": .state, "DroneEvent": .event, "Command": .command,
        "CommandReply": .reply, "ProofChunk": .proof, "ProofAck": .proofAck,
    ]

    static func seeds(_ target: FuzzTarget) throws -> [FuzzCorpus.Entry] {
        try FuzzCorpus(paths: [target.corpusDirectory]).inputs
    }

    /// Every token of a libFuzzer dictionary, decoded.
    static func dictionary(_ target: FuzzTarget) throws -> Set<String> {
        Set(try FuzzCorpus.dictionary(contentsOf: target.dictionaryFile).map { String(decoding: $0, as: UTF8.self) })
    }

    /// Every object key and every string value of a JSON document.
    static func tokens(_ value: Any, keys: inout Set<String>, strings: inout Set<String>) {
        if let object = value as? [String: Any] {
            for (key, item) in object {
                keys.insert(key)
                tokens(item, keys: &keys, strings: &strings)
            }
        } else if let array = value as? [Any] {
            for item in array { tokens(item, keys: &keys, strings: &strings) }
        } else if let text = value as? String {
            strings.insert(text)
        }
    }

    @Test func everyProtocolExampleIsASeedVerbatim() throws {
        let seeds = Set(try Self.seeds(.fleetProtocol).map(\.bytes))
        let examples = try Self.protocolExamples()
        #expect(examples.count >= 5)
        for example in examples {
            let selector = try #require(
                Self.selectors[example.type], "docs/protocol.md:\(example.line): no fuzz selector for \(example.type)")
            let seed = Array("\(selector.rawValue)\(example.json)".utf8)
            #expect(
                seeds.contains(seed),
                "docs/protocol.md:\(example.line): \(example.type) example is not in Tests/Fuzz/Corpus/fleet-protocol (run scripts/fuzz-seeds)"
            )
        }
    }

    @Test func everyDocumentedKindAndTopicHasASeed() throws {
        let codec = FleetCodec()
        var seeded: Set<String> = []
        var topics: Set<TopicKind> = []
        for entry in try Self.seeds(.fleetProtocol) {
            let payload = Data(entry.bytes.dropFirst())
            switch FleetProtocolFuzzer.Decoder(
                rawValue: Int(entry.bytes.first ?? 0) % FleetProtocolFuzzer.Decoder.allCases.count)
            {
            case .command: seeded.insert("command/\(try codec.decode(Command.self, from: payload).kind.wireName)")
            case .event:
                switch try codec.decode(DroneEvent.self, from: payload).kind {
                case .phase: seeded.insert("event/phase")
                case .alarm: seeded.insert("event/alarm")
                }
            case .topic: topics.insert(try FleetTopics.default.parse(String(decoding: payload, as: UTF8.self)).1)
            default: break
            }
        }
        let documented = try Self.documentedKinds()
        #expect(
            documented.contains("command/resend-events") && documented.contains("event/alarm"),
            "kind headings not found in docs/protocol.md")
        #expect(
            documented.isSubset(of: seeded),
            "documented kinds without a seed: \(documented.subtracting(seeded).sorted())")
        #expect(
            topics == Set(TopicKind.allCases),
            "topic kinds without a seed: \(Set(TopicKind.allCases).subtracting(topics))")
    }

    @Test func fleetDictionaryHasEveryFieldAndValueOfTheExamples() throws {
        let dictionary = try Self.dictionary(.fleetProtocol)
        for example in try Self.protocolExamples() {
            var keys: Set<String> = []
            var strings: Set<String> = []
            Self.tokens(try JSONSerialization.jsonObject(with: Data(example.json.utf8)), keys: &keys, strings: &strings)
            let missing =
                keys.map { "\"\($0)\":" }.filter { !dictionary.contains($0) }
                + strings.filter { $0.utf8.count <= 32 }.map { "\"\($0)\"" }.filter { !dictionary.contains($0) }
            #expect(
                missing.isEmpty,
                "docs/protocol.md:\(example.line): fleet-protocol.dict lacks \(missing.sorted()) (run scripts/fuzz-seeds)"
            )
        }
    }

    /// Property names and enum values of the ground request schemas (and the schemas they refer to).
    static func requestSchemaTokens() throws -> (keys: Set<String>, enums: [String: Set<String>]) {
        let document =
            try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("docs/openapi.json")))
            as? [String: Any]
        let schemas = try #require((document?["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        var keys: Set<String> = []
        var enums: [String: Set<String>] = [:]
        var pending = ["RegisterBusinessRequest", "DeliveryRequest", "OverrideRequest"]
        var seen: Set<String> = []
        while let name = pending.popLast() {
            guard seen.insert(name).inserted else { continue }
            let schema = try #require(schemas[name], "docs/openapi.json has no schema \(name)")
            for (property, spec) in schema["properties"] as? [String: [String: Any]] ?? [:] {
                keys.insert(property)
                if let values = spec["enum"] as? [String] { enums[property, default: []].formUnion(values) }
                if let ref = spec["$ref"] as? String { pending.append(String(ref.split(separator: "/").last ?? "")) }
            }
        }
        return (keys, enums)
    }

    @Test func groundSeedsAndDictionaryCoverEveryRequestFieldAndValue() throws {
        let (keys, enums) = try Self.requestSchemaTokens()
        let values = enums.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        #expect(keys.isSuperset(of: ["name", "pickup", "lat", "size", "window", "end", "action", "droneId"]))
        let dictionary = try Self.dictionary(.groundHTTP)
        let missing =
            keys.map { "\"\($0)\":" }.filter { !dictionary.contains($0) }
            + values.map { "\"\($0)\"" }.filter { !dictionary.contains($0) }
        #expect(missing.isEmpty, "ground-http.dict lacks \(missing.sorted()) (run scripts/fuzz-seeds)")
        let seeds = try Self.seeds(.groundHTTP).map { String(decoding: $0.bytes, as: UTF8.self) }
        for value in values {
            #expect(seeds.contains { $0.contains("\"\(value)\"") }, "no ground-http seed uses \(value)")
        }
        // Every override action (the schema's enum, which OpenAPITests keeps equal to OverrideAction) reaches
        // the override logic with an existing delivery.
        struct Override: Decodable { var action: String }
        let documented = try #require(enums["action"])
        let seeded = Set(
            Self.seeds(.groundHTTP, route: .overrideDelivery).compactMap {
                try? JSONDecoder().decode(Override.self, from: Data($0.dropFirst())).action
            })
        #expect(
            documented.isSubset(of: seeded),
            "override actions without an existing-delivery seed: \(documented.subtracting(seeded).sorted())")
    }

    static func seeds(_ target: FuzzTarget, route: GroundHTTPFuzzer.Route) -> [[UInt8]] {
        ((try? seeds(target)) ?? []).map(\.bytes).filter {
            Int($0.first ?? 0) % GroundHTTPFuzzer.Route.allCases.count == route.rawValue
        }
    }
}
