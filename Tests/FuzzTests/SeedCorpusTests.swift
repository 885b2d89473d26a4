import FleetProtocol
import Foundation
import MAVLink
import SkyRelayFuzzing
import Testing

/// The committed seeds must reach deep: a MAVLink seed that yields no frame or a JSON seed that does not
/// decode would only exercise the rejection paths.
@Suite("Seed corpora")
struct SeedCorpusTests {
    @Test func everyMAVLinkSeedYieldsDecodableFrames() throws {
        let corpus = try FuzzCorpus(paths: [FuzzTarget.mavlinkParser.corpusDirectory])
        var seenIDs: Set<UInt32> = []
        for entry in corpus.inputs {
            var parser = MAVLinkStreamParser()
            let frames = parser.parse(entry.bytes)
            #expect(!frames.isEmpty, "\(entry.name) yields no frame")
            for frame in frames {
                _ = try frame.decode()
                seenIDs.insert(frame.messageID)
            }
        }
        let generated = Set(MAVLinkMessageSet.all.map { $0.messageID })
        #expect(generated.isSubset(of: seenIDs), "no seed for ids \(generated.subtracting(seenIDs).sorted())")
    }

    @Test func everyFleetSeedDecodes() throws {
        let corpus = try FuzzCorpus(paths: [FuzzTarget.fleetProtocol.corpusDirectory])
        let codec = FleetCodec()
        var selectors: Set<FleetProtocolFuzzer.Decoder> = []
        for entry in corpus.inputs {
            let selector = try #require(
                entry.bytes.first.flatMap {
                    FleetProtocolFuzzer.Decoder(rawValue: Int($0) % FleetProtocolFuzzer.Decoder.allCases.count)
                })
            selectors.insert(selector)
            let payload = Data(entry.bytes.dropFirst())
            switch selector {
            case .telemetry: _ = try codec.decode(Telemetry.self, from: payload)
            case .state: _ = try codec.decode(DroneState.self, from: payload)
            case .event: _ = try codec.decode(DroneEvent.self, from: payload)
            case .command: _ = try codec.decode(Command.self, from: payload)
            case .reply: _ = try codec.decode(CommandReply.self, from: payload)
            case .topic: _ = try FleetTopics.default.parse(String(decoding: payload, as: UTF8.self))
            case .proof: _ = try codec.decode(ProofChunk.self, from: payload)
            case .proofAck: _ = try codec.decode(ProofAck.self, from: payload)
            }
        }
        #expect(selectors == Set(FleetProtocolFuzzer.Decoder.allCases))
    }
}

extension SeedCorpusTests {
    /// Ground seeds are valid requests: registrations and bookings succeed, overrides of the unknown id get
    /// past decoding to the lookup, and overrides of an existing delivery succeed (every action, `assign`
    /// to the drone the fuzzer's fleet knows).
    @Test func everyGroundSeedGetsPastDecoding() async throws {
        let corpus = try FuzzCorpus(paths: [FuzzTarget.groundHTTP.corpusDirectory])
        let fuzzer = try await GroundHTTPFuzzer.shared()
        var routes: Set<GroundHTTPFuzzer.Route> = []
        for entry in corpus.inputs {
            let answer = try #require(try await fuzzer.respond(to: entry.bytes))
            routes.insert(answer.route)
            let expected: Set<Int> =
                switch answer.route {
                case .registerBusiness: [201]
                case .createDelivery: [201, 202]
                case .overrideMissingDelivery: [404]
                case .overrideDelivery: [200]
                }
            #expect(
                expected.contains(answer.status),
                "\(entry.name): \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
        }
        #expect(routes == Set(GroundHTTPFuzzer.Route.allCases))
    }
}
