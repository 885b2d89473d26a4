/// The hot path of telemetry decoding (ground takes up to tens of thousands of samples a second):
/// reads a telemetry payload in its plain form, as agents write it, straight from the received bytes into
/// a ``Telemetry``, without `JSONDecoder`'s generic containers. Any other form (escapes, unknown or
/// repeated keys, a wrong type, another version or type, integers with a fraction) gives nil and the
/// caller decodes with `JSONDecoder`, which gives the same value or the field-named error. Validation
/// (``Telemetry/validate()``) is left to the caller, as for the decoder.
package enum TelemetryScanner {
    package static func scan(_ bytes: UnsafeRawBufferPointer) -> Telemetry? {
        var reader = JSONByteReader(bytes)
        do {
            try reader.expect(UInt8(ascii: "{"))
            var fields = Fields()
            try reader.members { (key, reader) throws(JSONByteReader.GiveUp) in try fields.read(key, &reader) }
            guard reader.atEnd() else { return nil }
            return fields.telemetry()
        } catch {
            return nil
        }
    }

    /// The top-level members read so far.
    private struct Fields {
        var seen = Seen()
        var version: Int64?
        var type: String?
        var droneID: DroneID?
        var seq: UInt64?
        var timeMs: Int64?
        var position: Telemetry.Position?
        var velocity: Telemetry.Velocity?
        var headingDeg: Double?
        var battery: Telemetry.Battery?
        var flightMode: String?
        var armed: Bool?
        var landedState: Telemetry.LandedState?
        var gps: Telemetry.GPSStatus?
        var assignmentID: String?
        var wind: Telemetry.Wind?

        mutating func read(_ key: JSONKey, _ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp) {
            switch key {
            case "v":
                try seen.first(0)
                version = try reader.int64()
            case "type":
                try seen.first(1)
                type = try reader.string()
            case "droneId":
                try seen.first(2)
                let text = try reader.string()
                do { droneID = try DroneID(text) } catch { throw JSONByteReader.GiveUp() }
            case "seq":
                try seen.first(3)
                seq = try reader.uint64()
            case "timeMs":
                try seen.first(4)
                timeMs = try reader.int64()
            case "position":
                try seen.first(5)
                position = try TelemetryScanner.position(&reader)
            case "velocity":
                try seen.first(6)
                velocity = try TelemetryScanner.velocity(&reader)
            case "headingDeg":
                try seen.first(7)
                headingDeg = try reader.double()
            case "battery":
                try seen.first(8)
                battery = try TelemetryScanner.battery(&reader)
            case "flightMode":
                try seen.first(9)
                flightMode = try reader.string()
            case "armed":
                try seen.first(10)
                armed = try reader.bool()
            case "landedState":
                try seen.first(11)
                guard let state = Telemetry.LandedState(rawValue: try reader.string()) else {
                    throw JSONByteReader.GiveUp()
                }
                landedState = state
            case "gps":
                try seen.first(12)
                gps = try TelemetryScanner.gps(&reader)
            case "assignmentId":
                try seen.first(13)
                assignmentID = reader.null() ? nil : try reader.string()
            case "wind":
                try seen.first(14)
                wind = reader.null() ? nil : try TelemetryScanner.wind(&reader)
            default: throw JSONByteReader.GiveUp()
            }
        }

        /// The sample, if the envelope is v1 telemetry and every required field is there.
        func telemetry() -> Telemetry? {
            guard version == Int64(FleetCodec.version), type == Telemetry.messageType, let droneID, let seq, let timeMs,
                let position, let velocity, let headingDeg, let battery, let flightMode, let armed, let landedState,
                let gps
            else { return nil }
            return Telemetry(
                droneID: droneID, seq: seq, timeMs: timeMs, position: position, velocity: velocity,
                headingDeg: headingDeg, battery: battery, flightMode: flightMode, armed: armed,
                landedState: landedState, gps: gps, assignmentID: assignmentID, wind: wind)
        }
    }

    /// Keys already read in one object, one bit per key of its switch: a repeated key is left to
    /// `JSONDecoder`.
    private struct Seen {
        private var bits: UInt32 = 0

        mutating func first(_ bit: Int) throws(JSONByteReader.GiveUp) {
            let mask: UInt32 = 1 << UInt32(bit)
            guard bits & mask == 0 else { throw JSONByteReader.GiveUp() }
            bits |= mask
        }
    }

    private static func position(_ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp) -> Telemetry.Position {
        try reader.expect(UInt8(ascii: "{"))
        var seen = Seen()
        var lat: Double?, lon: Double?, altAmslM: Double?, altRelM: Double?
        try reader.members { (key, reader) throws(JSONByteReader.GiveUp) in
            switch key {
            case "lat":
                try seen.first(0)
                lat = try reader.double()
            case "lon":
                try seen.first(1)
                lon = try reader.double()
            case "altAmslM":
                try seen.first(2)
                altAmslM = try reader.double()
            case "altRelM":
                try seen.first(3)
                altRelM = try reader.double()
            default: throw JSONByteReader.GiveUp()
            }
        }
        guard let lat, let lon, let altAmslM, let altRelM else { throw JSONByteReader.GiveUp() }
        return Telemetry.Position(lat: lat, lon: lon, altAmslM: altAmslM, altRelM: altRelM)
    }

    private static func velocity(_ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp) -> Telemetry.Velocity {
        try reader.expect(UInt8(ascii: "{"))
        var seen = Seen()
        var north: Double?, east: Double?, down: Double?
        try reader.members { (key, reader) throws(JSONByteReader.GiveUp) in
            switch key {
            case "northMps":
                try seen.first(0)
                north = try reader.double()
            case "eastMps":
                try seen.first(1)
                east = try reader.double()
            case "downMps":
                try seen.first(2)
                down = try reader.double()
            default: throw JSONByteReader.GiveUp()
            }
        }
        guard let north, let east, let down else { throw JSONByteReader.GiveUp() }
        return Telemetry.Velocity(northMps: north, eastMps: east, downMps: down)
    }

    private static func battery(_ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp) -> Telemetry.Battery {
        try reader.expect(UInt8(ascii: "{"))
        var seen = Seen()
        var percent: Double?, voltageV: Double?, remainingS: Double?
        var chargeState: Telemetry.Battery.ChargeState?, readyAtMs: Int64?
        try reader.members { (key, reader) throws(JSONByteReader.GiveUp) in
            switch key {
            case "percent":
                try seen.first(0)
                percent = try reader.double()
            case "voltageV":
                try seen.first(1)
                voltageV = try reader.double()
            case "remainingS":
                try seen.first(2)
                remainingS = reader.null() ? nil : try reader.double()
            case "chargeState":
                try seen.first(3)
                if reader.null() { break }
                guard let state = Telemetry.Battery.ChargeState(rawValue: try reader.string()) else {
                    throw JSONByteReader.GiveUp()
                }
                chargeState = state
            case "readyAtMs":
                try seen.first(4)
                readyAtMs = reader.null() ? nil : try reader.int64()
            default: throw JSONByteReader.GiveUp()
            }
        }
        guard let percent, let voltageV else { throw JSONByteReader.GiveUp() }
        return Telemetry.Battery(
            percent: percent, voltageV: voltageV, remainingS: remainingS, chargeState: chargeState, readyAtMs: readyAtMs
        )
    }

    private static func gps(_ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp) -> Telemetry.GPSStatus {
        try reader.expect(UInt8(ascii: "{"))
        var seen = Seen()
        var fixType: Int64?, satellites: Int64?
        try reader.members { (key, reader) throws(JSONByteReader.GiveUp) in
            switch key {
            case "fixType":
                try seen.first(0)
                fixType = try reader.int64()
            case "satellites":
                try seen.first(1)
                satellites = try reader.int64()
            default: throw JSONByteReader.GiveUp()
            }
        }
        guard let fixType, let satellites else { throw JSONByteReader.GiveUp() }
        return Telemetry.GPSStatus(fixType: Int(fixType), satellites: Int(satellites))
    }

    private static func wind(_ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp) -> Telemetry.Wind {
        try reader.expect(UInt8(ascii: "{"))
        var seen = Seen()
        var north: Double?, east: Double?, gust: Double?
        try reader.members { (key, reader) throws(JSONByteReader.GiveUp) in
            switch key {
            case "northMps":
                try seen.first(0)
                north = try reader.double()
            case "eastMps":
                try seen.first(1)
                east = try reader.double()
            case "gustMps":
                try seen.first(2)
                gust = reader.null() ? nil : try reader.double()
            default: throw JSONByteReader.GiveUp()
            }
        }
        guard let north, let east else { throw JSONByteReader.GiveUp() }
        return Telemetry.Wind(northMps: north, eastMps: east, gustMps: gust)
    }
}
