import FleetProtocol
import Testing

@Suite("Topics")
struct TopicsTests {
    @Test func buildersAndParserAgree() throws {
        let topics = try FleetTopics(prefix: "acme/prod")
        let drone = try DroneID("Drone_7-b")
        #expect(topics.telemetry(drone) == "acme/prod/drones/Drone_7-b/telemetry")
        #expect(topics.state(drone) == "acme/prod/drones/Drone_7-b/state")
        #expect(topics.events(drone) == "acme/prod/drones/Drone_7-b/events")
        #expect(topics.commands(drone) == "acme/prod/drones/Drone_7-b/commands")
        #expect(topics.replies(drone) == "acme/prod/drones/Drone_7-b/replies")
        for kind in TopicKind.allCases {
            let parsed = try topics.parse(topics.topic(kind, for: drone))
            #expect(parsed.drone == drone)
            #expect(parsed.kind == kind)
        }
    }

    @Test func filters() throws {
        let topics = FleetTopics.default
        #expect(topics.filter(.telemetry) == "skyrelay/drones/+/telemetry")
        #expect(try topics.sharedFilter(.telemetry, group: "ground") == "$share/ground/skyrelay/drones/+/telemetry")
        #expect(throws: ProtocolError.self) { try topics.sharedFilter(.events, group: "a/b") }
        #expect(throws: ProtocolError.self) { try topics.sharedFilter(.events, group: "") }
    }

    @Test func qosAndRetain() {
        #expect(TopicKind.telemetry.qos == 0 && !TopicKind.telemetry.retained)
        #expect(TopicKind.state.qos == 1 && TopicKind.state.retained)
        #expect([TopicKind.events, .commands, .replies].allSatisfy { $0.qos == 1 && !$0.retained })
        #expect(Telemetry.topicKind == .telemetry && DroneState.topicKind == .state && DroneEvent.topicKind == .events)
        #expect(Command.topicKind == .commands && CommandReply.topicKind == .replies)
    }

    @Test(
        "rejected topics",
        arguments: [
            "other/drones/d1/telemetry", "skyrelay/drones/d1", "skyrelay/drones/d1/telemetry/extra",
            "skyrelay/drones//telemetry", "skyrelay/drones/d+1/telemetry", "skyrelay/drones/d1/gossip",
            "skyrelay/drones/\(String(repeating: "x", count: 65))/state", "skyrelay/drones/dé/state",
        ])
    func rejected(topic: String) {
        #expect {
            try FleetTopics.default.parse(topic)
        } throws: { error in
            if case .invalidTopic(topic, _) = error as? ProtocolError { return true }
            return false
        }
    }

    @Test("rejected prefixes", arguments: ["", "/skyrelay", "skyrelay/", "sky/+/relay", "a#", "$SYS", "a//b"])
    func rejectedPrefix(prefix: String) {
        #expect(throws: ProtocolError.self) { try FleetTopics(prefix: prefix) }
    }

    @Test func droneIdRules() throws {
        #expect(try DroneID(String(repeating: "a", count: 64)).rawValue.count == 64)
        for bad in ["", "a b", "a/b", "a+b", "a#b", "ä", String(repeating: "a", count: 65)] {
            #expect(throws: ProtocolError.self) { try DroneID(bad) }
        }
    }
}

@Suite("Topic/payload drone match")
struct TopicDroneMatchTests {
    @Test func payloadMustNameTheTopicsDrone() throws {
        let codec = FleetCodec()
        let data = try codec.encode(try Fixtures.telemetry())
        let topics = FleetTopics.default
        let own = try topics.parse("skyrelay/drones/sr-001/telemetry")
        #expect(try codec.decode(Telemetry.self, from: data, topicDrone: own.drone).seq == 1)
        let other = try topics.parse("skyrelay/drones/sr-002/telemetry")
        #expect(
            throws: ProtocolError.invalidValue(path: "droneId", reason: "'sr-001' does not match topic drone 'sr-002'")
        ) {
            try codec.decode(Telemetry.self, from: data, topicDrone: other.drone)
        }
    }
}
