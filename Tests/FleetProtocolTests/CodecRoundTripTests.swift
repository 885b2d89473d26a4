import FleetProtocol
import Foundation
import Testing

@Suite("Codec round trips")
struct CodecRoundTripTests {
    let codec = FleetCodec()

    private func roundTrip<M: FleetMessage>(_ message: M) throws {
        let bytes = try codec.encodeBytes(message)
        #expect(try codec.decode(M.self, from: bytes) == message)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["v"] as? Int == 1)
        #expect(object["type"] as? String == M.messageType)
    }

    @Test func telemetry() throws { try roundTrip(try Fixtures.telemetry()) }

    /// Regression (fuzzing): JSONEncoder wrote keys in hash order, so one message had several encodings.
    @Test func equalMessagesEncodeToEqualBytes() throws {
        let reply = try Fixtures.reply(accepted: true)
        let first = try codec.encodeBytes(reply)
        for _ in 0..<20 {
            #expect(try codec.encodeBytes(reply) == first)
            #expect(try FleetCodec().encodeBytes(reply) == first)
        }
    }

    @Test func state() throws {
        try roundTrip(try Fixtures.state())
        var offline = try Fixtures.state()
        offline.presence = .offline
        offline.assignmentID = nil
        offline.phase = nil
        offline.home = nil
        try roundTrip(offline)
    }

    @Test func events() throws {
        try roundTrip(try Fixtures.event())
        try roundTrip(try Fixtures.event(.phase(.aborted, reason: .lowBattery)))
        try roundTrip(try Fixtures.event(.alarm(code: .gpsLost, severity: .critical, message: "no fix")))
    }

    @Test(
        "every command kind",
        arguments: [
            Command.Kind.assign(Fixtures.assignment), .cancel(assignmentID: "asg-1", returnTo: .pickup), .recall,
            .landNow, .resendEvents(fromSeq: 42),
            .reroute(
                assignmentID: "asg-1",
                route: Assignment.Route(toDropoff: [GeoPoint(lat: 47.388, lon: 8.544)]),
                airspace: Airspace(exclusions: [
                    ExclusionZone(zoneID: "zone-1", center: GeoPoint(lat: 47.3875, lon: 8.5525), radiusM: 300)
                ])),
        ])
    func commands(kind: Command.Kind) throws {
        let command = try Fixtures.command(kind)
        try roundTrip(command)
        let object = try #require(try JSONSerialization.jsonObject(with: try codec.encode(command)) as? [String: Any])
        #expect(object["kind"] as? String == kind.wireName)
    }

    @Test func replies() throws {
        try roundTrip(try Fixtures.reply(accepted: true))
        try roundTrip(try Fixtures.reply(accepted: false))
    }

    @Test func landNowUsesDashedWireName() throws {
        let text = String(decoding: try codec.encode(try Fixtures.command(.landNow)), as: UTF8.self)
        #expect(text.contains(#""kind":"land-now""#))
    }

    @Test func expiry() throws {
        let command = try Fixtures.command(.recall)
        #expect(!command.isExpired(atMs: command.expiresAtMs))
        #expect(command.isExpired(atMs: command.expiresAtMs + 1))
    }

    @Test func encodeRejectsInvalidMessages() throws {
        var telemetry = try Fixtures.telemetry()
        telemetry.position.lat = .nan
        #expect(throws: ProtocolError.invalidValue(path: "position.lat", reason: "must be a finite number, got nan")) {
            try codec.encode(telemetry)
        }
    }

    @Test func phaseLifecycle() {
        #expect(
            AssignmentPhase.completed.isTerminal && AssignmentPhase.aborted.isTerminal
                && AssignmentPhase.rejected.isTerminal)
        #expect(!AssignmentPhase.returning.isTerminal)
        #expect(AssignmentPhase.received.canTransition(to: .accepted))
        #expect(AssignmentPhase.enRouteToDropoff.canTransition(to: .aborted))
        #expect(!AssignmentPhase.completed.canTransition(to: .aborted))
        #expect(!AssignmentPhase.takeoff.canTransition(to: .atPickup))
        let nominal: [AssignmentPhase] = [
            .received, .accepted, .preflight, .takeoff, .enRouteToPickup, .atPickup,
            .enRouteToDropoff, .atDropoff, .returning, .landed, .completed,
        ]
        #expect(nominal.map(\.order) == nominal.map(\.order).sorted())
        for (from, to) in zip(nominal, nominal.dropFirst()) { #expect(from.canTransition(to: to)) }
    }
}
