import FleetProtocol
import Foundation
import Testing

/// Every rejection must be the right typed error naming the right field.
@Suite("Malformed input")
struct MalformedInputTests {
    let codec = FleetCodec()

    /// Encodes a valid message, edits its JSON object, and decodes it again.
    private func decodeEdited<M: FleetMessage>(
        _ message: M, as type: M.Type = M.self, _ edit: (inout [String: Any]) -> Void
    ) throws -> Result<M, ProtocolError> {
        var object = try #require(try JSONSerialization.jsonObject(with: try codec.encode(message)) as? [String: Any])
        edit(&object)
        let data = try JSONSerialization.data(withJSONObject: object)
        return Result { () throws(ProtocolError) in try codec.decode(M.self, from: data) }
    }

    private func expectError<M: FleetMessage>(
        _ expected: ProtocolError, _ message: M, sourceLocation: SourceLocation = #_sourceLocation,
        _ edit: (inout [String: Any]) -> Void
    ) throws {
        let result = try decodeEdited(message, edit)
        guard case let .failure(error) = result else {
            Issue.record("decoded although expected \(expected)", sourceLocation: sourceLocation)
            return
        }
        #expect(error == expected, sourceLocation: sourceLocation)
    }

    private func expectError<M: FleetMessage>(
        _ expected: (ProtocolError) -> Bool, _ type: M.Type, _ text: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try codec.decode(type, from: Data(text.utf8))
            Issue.record("decoded although an error was expected", sourceLocation: sourceLocation)
        } catch {
            #expect(expected(error), "got \(error)", sourceLocation: sourceLocation)
        }
    }

    // MARK: syntax, size, encoding

    @Test func truncatedJSON() throws {
        let full = try codec.encodeBytes(try Fixtures.telemetry())
        for cut in [1, full.count / 2, full.count - 1] {
            #expect {
                try codec.decode(Telemetry.self, from: Array(full.prefix(cut)))
            } throws: { error in
                if case .malformedJSON = error as? ProtocolError { return true }
                return false
            }
        }
    }

    @Test func emptyAndNonObjectPayloads() {
        expectError({ if case .malformedJSON = $0 { true } else { false } }, Telemetry.self, "")
        expectError({ if case .wrongType(path: "$", _) = $0 { true } else { false } }, Telemetry.self, "[1,2]")
        expectError({ if case .wrongType(path: "$", _) = $0 { true } else { false } }, Telemetry.self, "42")
    }

    @Test func invalidUTF8() throws {
        var bytes = Array(
            #"{"v":1,"type":"reply","commandId":"c","droneId":"d","accepted":true,"timeMs":1,"message":"x"}"#.utf8)
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "x")))
        bytes[at] = 0xC3 // lead byte without continuation
        #expect(throws: ProtocolError.malformedJSON(detail: "invalid UTF-8 at byte \(at)")) {
            try codec.decode(CommandReply.self, from: bytes)
        }
    }

    @Test func oversizedPayload() throws {
        var reply = try Fixtures.reply()
        reply.message = "ok"
        var text = String(decoding: try codec.encode(reply), as: UTF8.self)
        text.removeLast()
        text += #","padding":""# + String(repeating: "x", count: FleetCodec.maxPayloadBytes) + "\"}"
        let size = text.utf8.count
        #expect(throws: ProtocolError.payloadTooLarge(size: size, limit: FleetCodec.maxPayloadBytes)) {
            try codec.decode(CommandReply.self, from: Data(text.utf8))
        }
        reply.message = String(repeating: "y", count: 2000)
        #expect(throws: ProtocolError.invalidValue(path: "message", reason: "longer than 1024 bytes")) {
            try codec.encode(reply)
        }
    }

    @Test func smallerConfiguredLimit() throws {
        let tiny = FleetCodec(payloadLimit: 64)
        let data = try codec.encode(try Fixtures.telemetry())
        #expect(throws: ProtocolError.payloadTooLarge(size: data.count, limit: 64)) {
            try tiny.decode(Telemetry.self, from: data)
        }
    }

    // MARK: envelope

    @Test func versionChecks() throws {
        let telemetry = try Fixtures.telemetry()
        try expectError(.unsupportedVersion(found: 2), telemetry) { $0["v"] = 2 }
        try expectError(.unsupportedVersion(found: 0), telemetry) { $0["v"] = 0 }
        try expectError(.missingField(path: "v"), telemetry) { $0["v"] = nil }
        try expectError(.wrongType(path: "v", expected: "integer"), telemetry) { $0["v"] = "1" }
    }

    @Test func typeChecks() throws {
        let telemetry = try Fixtures.telemetry()
        try expectError(.unknownKind(field: "type", value: "gossip"), telemetry) { $0["type"] = "gossip" }
        try expectError(.messageTypeMismatch(expected: "telemetry", found: "state"), telemetry) { $0["type"] = "state" }
        try expectError(.missingField(path: "type"), telemetry) { $0["type"] = nil }
    }

    // MARK: telemetry

    @Test func telemetryWrongTypes() throws {
        let telemetry = try Fixtures.telemetry()
        try expectError(.wrongType(path: "position.lat", expected: "number"), telemetry) {
            $0["position"] = ["lat": "47.1", "lon": 8.5, "altAmslM": 400, "altRelM": 10]
        }
        try expectError(.wrongType(path: "armed", expected: "boolean"), telemetry) { $0["armed"] = "yes" }
        try expectError(.wrongType(path: "seq", expected: "integer"), telemetry) { $0["seq"] = "12" }
        try expectError(.wrongType(path: "timeMs", expected: "integer"), telemetry) { $0["timeMs"] = "soon" }
        // Foundation reports these without a coding path; the codec still names the field.
        try expectError(.wrongType(path: "timeMs", expected: "integer"), telemetry) { $0["timeMs"] = 1.5 }
        try expectError(.wrongType(path: "seq", expected: "non-negative integer"), telemetry) { $0["seq"] = -1 }
        try expectError(.wrongType(path: "gps.satellites", expected: "integer"), telemetry) {
            $0["gps"] = ["fixType": 3, "satellites": 7.5]
        }
        try expectError(.wrongType(path: "battery", expected: "non-null object"), telemetry) {
            $0["battery"] = NSNull()
        }
        try expectError(.missingField(path: "gps.satellites"), telemetry) { $0["gps"] = ["fixType": 3] }
    }

    @Test(
        "telemetry out-of-range values",
        arguments: [
            ("position.lat", 91.0), ("position.lat", -90.5), ("position.lon", 180.01), ("position.lon", -181.0),
            ("headingDeg", 361.0), ("battery.percent", 101.0), ("battery.percent", -1.0), ("battery.voltageV", -0.1),
            ("velocity.downMps", 1e6),
        ])
    func telemetryOutOfRange(field: String, value: Double) throws {
        let result = try decodeEdited(try Fixtures.telemetry()) { object in
            let parts = field.split(separator: ".").map(String.init)
            if parts.count == 1 {
                object[parts[0]] = value
            } else {
                var inner = object[parts[0]] as? [String: Any] ?? [:]
                inner[parts[1]] = value
                object[parts[0]] = inner
            }
        }
        guard case let .failure(.invalidValue(path, _)) = result else {
            Issue.record("expected invalidValue for \(field), got \(result)")
            return
        }
        #expect(path == field)
    }

    @Test("a vehicle profile in the state that no estimate can use is refused, naming the field")
    func badVehicleProfile() throws {
        let state = try Fixtures.state()
        func setting(_ field: String, to value: Any) -> (inout [String: Any]) -> Void {
            { object in
                var capabilities = object["capabilities"] as? [String: Any] ?? [:]
                var profile = capabilities["profile"] as? [String: Any] ?? [:]
                profile[field] = value
                capabilities["profile"] = profile
                object["capabilities"] = capabilities
            }
        }
        try expectError(
            .invalidValue(path: "capabilities.profile.batteryCapacityWh", reason: "must be positive, got 0.0"), state,
            setting("batteryCapacityWh", to: 0))
        try expectError(
            .invalidValue(path: "capabilities.profile.reserveFraction", reason: "must be below 1"), state,
            setting("reserveFraction", to: 1))
        // Optional: a state without a profile decodes, and is planned with the default airframe.
        let result = try decodeEdited(state) {
            var capabilities = $0["capabilities"] as? [String: Any] ?? [:]
            capabilities["profile"] = nil
            $0["capabilities"] = capabilities
        }
        let decoded = try result.get()
        #expect(decoded.capabilities.profile == nil)
        #expect(decoded.capabilities.planningProfile.batteryCapacityWh == VehicleProfile.default.batteryCapacityWh)
    }

    @Test func negativeEnergyUsed() throws {
        var event = try Fixtures.event()
        event.energyUsedWh = 12
        try expectError(.invalidValue(path: "energyUsedWh", reason: "must not be negative, got -1.0"), event) {
            $0["energyUsedWh"] = -1
        }
    }

    @Test func nanIsNotJSON() {
        // NaN cannot be written in JSON at all; the literal is a syntax error, never a NaN value.
        let text = #"{"v":1,"type":"telemetry","droneId":"d","seq":1,"timeMs":1,"headingDeg":NaN}"#
        expectError({ if case .malformedJSON = $0 { true } else { false } }, Telemetry.self, text)
    }

    @Test func badDroneIds() throws {
        let telemetry = try Fixtures.telemetry()
        try expectError(.invalidValue(path: "droneId", reason: "must not be empty"), telemetry) { $0["droneId"] = "" }
        try expectError(.invalidValue(path: "droneId", reason: "only A-Z a-z 0-9 _ - are allowed"), telemetry) {
            $0["droneId"] = "sr/001"
        }
        try expectError(.invalidValue(path: "droneId", reason: "longer than 64 characters"), telemetry) {
            $0["droneId"] = String(repeating: "a", count: 65)
        }
        #expect(throws: ProtocolError.invalidValue(path: "droneId", reason: "only A-Z a-z 0-9 _ - are allowed")) {
            try DroneID("drone+1")
        }
    }

    @Test func unknownEnumValues() throws {
        let telemetry = try Fixtures.telemetry()
        let result = try decodeEdited(telemetry) { $0["landedState"] = "hovering" }
        guard case .failure(.invalidValue(path: "landedState", _)) = result else {
            Issue.record("got \(result)")
            return
        }
        try expectError(.invalidValue(path: "gps.fixType", reason: "9 outside 0...8"), telemetry) {
            $0["gps"] = ["fixType": 9, "satellites": 3]
        }
    }

    // MARK: state

    @Test func stateErrors() throws {
        let state = try Fixtures.state()
        try expectError(.invalidValue(path: "agentVersion", reason: "must not be empty"), state) {
            $0["agentVersion"] = ""
        }
        try expectError(
            .invalidValue(path: "capabilities.maxPayloadKg", reason: "must not be negative, got -1.0"), state
        ) {
            $0["capabilities"] = ["maxPayloadKg": -1, "cruiseSpeedMps": 15, "maxRangeM": 1000]
        }
        try expectError(.invalidValue(path: "phase", reason: "a phase requires an assignmentId"), state) {
            $0["assignmentId"] = nil
        }
        try expectError(.invalidValue(path: "home.lat", reason: "100.0 outside -90.0...90.0"), state) {
            $0["home"] = ["lat": 100, "lon": 8]
        }
        let result = try decodeEdited(state) { $0["presence"] = "maybe" }
        guard case .failure(.invalidValue(path: "presence", _)) = result else {
            Issue.record("got \(result)")
            return
        }
    }

    // MARK: events

    @Test func eventErrors() throws {
        let event = try Fixtures.event()
        try expectError(.unknownKind(field: "kind", value: "party"), event) { $0["kind"] = "party" }
        try expectError(.missingField(path: "phase"), event) { $0["phase"] = nil }
        try expectError(.missingField(path: "eventSeq"), event) { $0["eventSeq"] = nil }
        try expectError(.invalidValue(path: "eventSeq", reason: "starts at 1"), event) { $0["eventSeq"] = 0 }
        try expectError(.missingField(path: "assignmentId"), event) { $0["assignmentId"] = nil }
        try expectError(.invalidValue(path: "batteryPercent", reason: "120.0 outside 0.0...100.0"), event) {
            $0["batteryPercent"] = 120
        }
        let alarm = try Fixtures.event(.alarm(code: .lowBattery, severity: .warning, message: "low"))
        try expectError(.missingField(path: "severity"), alarm) { $0["severity"] = nil }
        let result = try decodeEdited(alarm) { $0["code"] = "aliens" }
        guard case .failure(.invalidValue(path: "code", _)) = result else {
            Issue.record("got \(result)")
            return
        }
    }

    // MARK: commands

    @Test func commandErrors() throws {
        let assign = try Fixtures.command()
        try expectError(.unknownKind(field: "kind", value: "dance"), assign) { $0["kind"] = "dance" }
        try expectError(.invalidValue(path: "commandId", reason: "must not be empty"), assign) { $0["commandId"] = "" }
        try expectError(.invalidValue(path: "expiresAtMs", reason: "must be after issuedAtMs"), assign) {
            $0["expiresAtMs"] = $0["issuedAtMs"]
        }
        try expectError(.missingField(path: "assignment"), assign) { $0["assignment"] = nil }

        func editAssignment(_ key: String, _ value: Any?) -> (inout [String: Any]) -> Void {
            { object in
                var inner = object["assignment"] as? [String: Any] ?? [:]
                inner[key] = value
                object["assignment"] = inner
            }
        }
        try expectError(
            .invalidValue(path: "assignment.payloadKg", reason: "must not be negative, got -0.5"), assign,
            editAssignment("payloadKg", -0.5))
        try expectError(
            .invalidValue(path: "assignment.assignmentId", reason: "must not be empty"), assign,
            editAssignment("assignmentId", ""))
        try expectError(
            .invalidValue(path: "assignment.pickup.lon", reason: "200.0 outside -180.0...180.0"), assign,
            editAssignment("pickup", ["lat": 47, "lon": 200]))
        try expectError(.missingField(path: "assignment.dropoff.lat"), assign, editAssignment("dropoff", ["lon": 8]))
        try expectError(
            .wrongType(path: "assignment.payloadKg", expected: "number"), assign, editAssignment("payloadKg", "heavy"))
        try expectError(
            .invalidValue(path: "assignment.window.latestMs", reason: "must not be before earliestMs"), assign,
            editAssignment("window", ["earliestMs": 10, "latestMs": 5]))

        let cancel = try Fixtures.command(.cancel(assignmentID: "asg-1", returnTo: .home))
        let result = try decodeEdited(cancel) { $0["returnTo"] = "moon" }
        guard case .failure(.invalidValue(path: "returnTo", _)) = result else {
            Issue.record("got \(result)")
            return
        }
        try expectError(.missingField(path: "assignmentId"), cancel) { $0["assignmentId"] = nil }
    }

    // MARK: replies

    @Test func replyErrors() throws {
        let reply = try Fixtures.reply()
        try expectError(.missingField(path: "reason"), reply) { $0["reason"] = nil }
        try expectError(.wrongType(path: "accepted", expected: "boolean"), reply) { $0["accepted"] = 0 }
        let result = try decodeEdited(reply) { $0["reason"] = "becauseISaidSo" }
        guard case .failure(.invalidValue(path: "reason", _)) = result else {
            Issue.record("got \(result)")
            return
        }
    }

    @Test func unknownFieldsAreIgnored() throws {
        let reply = try Fixtures.reply()
        let result = try decodeEdited(reply) { $0["futureField"] = ["nested": true] }
        #expect(try result.get() == reply)
    }
}
