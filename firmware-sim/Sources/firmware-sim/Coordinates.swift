import ArgumentParser
import FirmwareSim

/// Parsers for comma-separated number options.
enum Coordinates {
    static func numbers(_ text: String, count: ClosedRange<Int>, what: String) throws -> [Double] {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard count.contains(values.count), values.allSatisfy({ $0?.isFinite == true }) else {
            throw ValidationError(
                "\(what): expected \(count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound)-\(count.upperBound)") comma-separated numbers, got '\(text)'"
            )
        }
        return values.compactMap { $0 }
    }

    static func geoPoint(_ text: String) throws -> SimGeoPoint {
        let v = try numbers(text, count: 2...3, what: "--around")
        guard (-90...90).contains(v[0]), (-180...180).contains(v[1]) else {
            throw ValidationError("--around: latitude/longitude out of range")
        }
        return SimGeoPoint(latitude: v[0], longitude: v[1], altitude: v.count > 2 ? v[2] : 0)
    }

    static func wind(_ text: String) throws -> NED {
        let v = try numbers(text, count: 2...2, what: "--wind")
        return NED(north: v[0], east: v[1])
    }
}
