/// The objects of a telemetry payload, each read by ``ScannedObject/scan(_:)``.
extension TelemetryScanner {
    /// The whole payload: the envelope (v1 telemetry only) and the sample's members.
    struct Sample: ScannedObject {
        static let keys = JSONKeyTable([
            "v", "type", "droneId", "seq", "timeMs", "position", "velocity", "headingDeg", "battery", "flightMode",
            "armed", "landedState", "gps", "assignmentId", "wind",
        ])
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

        mutating func read(_ index: Int, _ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp) {
            switch index {
            case 0: version = try reader.int64()
            case 1: type = try reader.string()
            case 2:
                let text = try reader.string()
                do { droneID = try DroneID(text) } catch { throw JSONByteReader.GiveUp() }
            case 3: seq = try reader.uint64()
            case 4: timeMs = try reader.int64()
            case 5: position = try Position.scan(&reader)
            case 6: velocity = try Velocity.scan(&reader)
            case 7: headingDeg = try reader.double()
            case 8: battery = try Battery.scan(&reader)
            case 9: flightMode = try reader.string()
            case 10: armed = try reader.bool()
            case 11: landedState = try reader.rawValue(Telemetry.LandedState.self)
            case 12: gps = try GPS.scan(&reader)
            case 13: assignmentID = reader.null() ? nil : try reader.string()
            default: wind = reader.null() ? nil : try Wind.scan(&reader)
            }
        }

        /// The sample, if the envelope is v1 telemetry and every required member is there.
        var value: Telemetry? {
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

    struct Position: ScannedObject {
        static let keys = JSONKeyTable(["lat", "lon", "altAmslM", "altRelM"])
        var lat: Double?, lon: Double?, altAmslM: Double?, altRelM: Double?

        mutating func read(_ index: Int, _ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp) {
            let number = try reader.double()
            switch index {
            case 0: lat = number
            case 1: lon = number
            case 2: altAmslM = number
            default: altRelM = number
            }
        }

        var value: Telemetry.Position? {
            guard let lat, let lon, let altAmslM, let altRelM else { return nil }
            return Telemetry.Position(lat: lat, lon: lon, altAmslM: altAmslM, altRelM: altRelM)
        }
    }

    struct Velocity: ScannedObject {
        static let keys = JSONKeyTable(["northMps", "eastMps", "downMps"])
        var north: Double?, east: Double?, down: Double?

        mutating func read(_ index: Int, _ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp) {
            let number = try reader.double()
            switch index {
            case 0: north = number
            case 1: east = number
            default: down = number
            }
        }

        var value: Telemetry.Velocity? {
            guard let north, let east, let down else { return nil }
            return Telemetry.Velocity(northMps: north, eastMps: east, downMps: down)
        }
    }

    struct Battery: ScannedObject {
        static let keys = JSONKeyTable(["percent", "voltageV", "remainingS", "chargeState", "readyAtMs"])
        var percent: Double?, voltageV: Double?, remainingS: Double?
        var chargeState: Telemetry.Battery.ChargeState?, readyAtMs: Int64?

        mutating func read(_ index: Int, _ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp) {
            switch index {
            case 0: percent = try reader.double()
            case 1: voltageV = try reader.double()
            case 2: remainingS = reader.null() ? nil : try reader.double()
            case 3: chargeState = reader.null() ? nil : try reader.rawValue(Telemetry.Battery.ChargeState.self)
            default: readyAtMs = reader.null() ? nil : try reader.int64()
            }
        }

        var value: Telemetry.Battery? {
            guard let percent, let voltageV else { return nil }
            return Telemetry.Battery(
                percent: percent, voltageV: voltageV, remainingS: remainingS, chargeState: chargeState,
                readyAtMs: readyAtMs)
        }
    }

    struct GPS: ScannedObject {
        static let keys = JSONKeyTable(["fixType", "satellites"])
        var fixType: Int64?, satellites: Int64?

        mutating func read(_ index: Int, _ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp) {
            let number = try reader.int64()
            if index == 0 { fixType = number } else { satellites = number }
        }

        var value: Telemetry.GPSStatus? {
            guard let fixType, let satellites else { return nil }
            return Telemetry.GPSStatus(fixType: Int(fixType), satellites: Int(satellites))
        }
    }

    struct Wind: ScannedObject {
        static let keys = JSONKeyTable(["northMps", "eastMps", "gustMps"])
        var north: Double?, east: Double?, gust: Double?

        mutating func read(_ index: Int, _ reader: inout JSONByteReader) throws(JSONByteReader.GiveUp) {
            switch index {
            case 0: north = try reader.double()
            case 1: east = try reader.double()
            default: gust = reader.null() ? nil : try reader.double()
            }
        }

        var value: Telemetry.Wind? {
            guard let north, let east else { return nil }
            return Telemetry.Wind(northMps: north, eastMps: east, gustMps: gust)
        }
    }
}
