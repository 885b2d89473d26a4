import FleetProtocol
import Foundation
import Testing

/// The hand-written telemetry path must give exactly what `JSONDecoder` gives, or leave the payload to it.
@Suite("Telemetry scanner")
struct TelemetryScannerTests {
    let codec = FleetCodec()

    private func scan(_ text: String) -> Telemetry? {
        Array(text.utf8).withUnsafeBytes { TelemetryScanner.scan($0) }
    }

    /// Both paths on the same bytes: equal samples, or the same error.
    private func expectSameOutcome(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let drone = try Fixtures.drone()
        let viaDecoder = Result { () throws(ProtocolError) in
            try codec.decode(Telemetry.self, from: Data(text.utf8), topicDrone: drone)
        }
        let viaCodec = Result { () throws(ProtocolError) in
            try codec.decodeTelemetry(from: Array(text.utf8), topicDrone: drone)
        }
        #expect(viaCodec == viaDecoder, "\(text)", sourceLocation: sourceLocation)
    }

    private func payload(lat: String = "47.3769", extra: String = "", flightMode: String = "mission") -> String {
        """
        {"v":1,"type":"telemetry","droneId":"sr-001","seq":7,"timeMs":1764060000123,\
        "position":{"lat":\(lat),"lon":8.5417,"altAmslM":468.2,"altRelM":60},\
        "velocity":{"northMps":10.6,"eastMps":-10.6,"downMps":0.0},"headingDeg":45,\
        "battery":{"percent":71.5,"voltageV":23.4,"remainingS":1180},"flightMode":"\(flightMode)",\
        "armed":true,"landedState":"inAir","gps":{"fixType":3,"satellites":14}\(extra)}
        """
    }

    @Test func encodedSamplesAreScannedAsDecoded() throws {
        var full = try Fixtures.telemetry()
        full.wind = Telemetry.Wind(northMps: -3.25, eastMps: 1e-7, gustMps: 2.5)
        full.battery.chargeState = .charging
        full.battery.readyAtMs = 1_764_060_300_000
        var bare = try Fixtures.telemetry(seq: UInt64.max)
        bare.assignmentID = nil
        bare.battery.remainingS = nil
        bare.armed = false
        bare.landedState = .onGround
        for sample in [try Fixtures.telemetry(), full, bare] {
            let bytes = try codec.encodeBytes(sample)
            let scanned = try #require(bytes.withUnsafeBytes { TelemetryScanner.scan($0) })
            #expect(scanned == sample)
            #expect(scanned == (try codec.decode(Telemetry.self, from: bytes)))
        }
    }

    /// The benchmark's and paho's layout: spaces after separators, keys in any order, explicit nulls.
    @Test func spacingOrderAndNulls() throws {
        let text = """
            { "gps": {"satellites": 14, "fixType": 3}, "v": 1, "type": "telemetry", "droneId": "sr-001",
              "seq": 7, "timeMs": 1764060000123, "assignmentId": null, "wind": null,
              "position": {"lat": 47.37691000000001, "lon": 8.5417, "altAmslM": 460.0, "altRelM": 60.0},
              "velocity": {"northMps": 10.6, "eastMps": 10.6, "downMps": 0.0}, "headingDeg": 45.0,
              "battery": {"percent": 71.5, "voltageV": 23.4, "remainingS": null, "chargeState": null},
              "flightMode": "mission", "armed": true, "landedState": "inAir" }\n
            """
        let scanned = try #require(scan(text))
        #expect(scanned.assignmentID == nil && scanned.wind == nil && scanned.battery.remainingS == nil)
        try expectSameOutcome(text)
    }

    /// Every number form JSON allows converts to the same Double as JSONDecoder's.
    @Test func numbersRoundAsTheDecoderRounds() throws {
        var forms = [
            "0", "-0", "45", "-45.5", "4.5e1", "45E0", "4.5E+1", "450e-1", "0.0000001", "1e-7", "47.37691000000001",
            "89.99999999999999999999", "3.141592653589793238462643383279", "12345678901234567890e-18",
            "123456789012345", "-89.9999999999999", "5e-324", "2.2250738585072014e-308", "123456789012345e-22",
            "0.000000000000000000001", "89.9999999999999e0", "0.1e-21", "-0.000", "1000000000000000e-14",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let value = Double.random(in: -90...90, using: &generator)
            forms += ["\(value)", String(format: "%.17g", value), String(format: "%.3f", value)]
        }
        for form in forms {
            let text = payload(lat: form)
            let scanned = try #require(scan(text), "\(form)")
            // Position alone, through the same JSONDecoder, without validation: forms out of the
            // latitude range are compared too.
            let position = #"{"lat":\#(form),"lon":0,"altAmslM":0,"altRelM":0}"#
            let decoded = try JSONDecoder().decode(Telemetry.Position.self, from: Data(position.utf8))
            #expect(scanned.position.lat == decoded.lat, "\(form)")
        }
    }

    /// Forms the scanner leaves to JSONDecoder, which still decodes them or names the field.
    @Test func otherFormsGoToTheDecoder() throws {
        let others = [
            payload(flightMode: #"mis\u0073ion"#), payload(flightMode: "missi\u{F6}n"), payload(extra: #","future":1"#),
            payload(extra: #","seq":8"#), payload(lat: "047.1"), payload(lat: "1."), payload(lat: "\"47\""),
            payload().replacingOccurrences(of: #""seq":7"#, with: #""seq":7.0"#),
            payload().replacingOccurrences(of: #""seq":7"#, with: #""seq":-7"#),
            payload().replacingOccurrences(of: #""v":1"#, with: #""v":2"#),
            payload().replacingOccurrences(of: #""type":"telemetry""#, with: #""type":"state""#),
            payload().replacingOccurrences(of: #","gps":{"fixType":3,"satellites":14}"#, with: ""),
            payload().replacingOccurrences(of: #""armed":true"#, with: #""armed":1"#),
            payload().replacingOccurrences(of: #""inAir""#, with: #""flying""#),
            payload().replacingOccurrences(of: #""sr-001""#, with: #""sr 001""#),
            payload() + " x", String(payload().dropLast()),
            // Inside a nested object: a repeated key, an unknown key, a missing required member.
            payload().replacingOccurrences(of: #""lon":8.5417"#, with: #""lon":8.5417,"lat":1"#),
            payload().replacingOccurrences(of: #""satellites":14"#, with: #""satellites":14,"hdop":1"#),
            payload().replacingOccurrences(of: #","altRelM":60"#, with: ""),
        ]
        for text in others {
            #expect(scan(text) == nil, "\(text)")
            try expectSameOutcome(text)
        }
    }

    /// Scanned samples are validated and checked against the topic's drone like decoded ones.
    @Test func scannedSamplesAreValidated() throws {
        for text in [payload(lat: "91"), payload(extra: #","assignmentId":"""#), payload(lat: "1e400")] {
            try expectSameOutcome(text)
        }
        #expect(throws: ProtocolError.invalidValue(path: "position.lat", reason: "91.0 outside -90.0...90.0")) {
            try codec.decodeTelemetry(from: Array(payload(lat: "91").utf8), topicDrone: try Fixtures.drone())
        }
        let foreign = ProtocolError.invalidValue(
            path: "droneId", reason: "'sr-001' does not match topic drone 'sr-002'")
        #expect(throws: foreign) {
            try codec.decodeTelemetry(from: Array(payload().utf8), topicDrone: try DroneID("sr-002"))
        }
    }
}
