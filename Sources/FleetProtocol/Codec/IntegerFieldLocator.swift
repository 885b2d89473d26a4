import Foundation

/// Foundation's `JSONDecoder` reports a fractional, negative-for-unsigned or oversized number in an integer
/// field as root-level data corruption, without a coding path. On that (rare, error-only) path this
/// re-reads the payload generically and names the first integer field holding such a number.
enum IntegerFieldLocator {
    /// Integer fields of the protocol; `true` marks unsigned ones.
    private static let integerFields: [String: Bool] = [
        "v": false, "seq": true, "eventSeq": true, "timeMs": false, "issuedAtMs": false, "expiresAtMs": false,
        "earliestMs": false, "latestMs": false, "fixType": false, "satellites": false, "fromSeq": true,
        "cellCount": false,
    ]

    /// The error to report instead of a path-less `malformedJSON`, if the payload is valid JSON and an
    /// integer field holds a number that does not fit.
    static func locate(in data: Data) -> ProtocolError? {
        guard let root = try? JSONSerialization.jsonObject(with: data) else { return nil }
        return search(root, path: "")
    }

    private static func search(_ value: Any, path: String) -> ProtocolError? {
        if let object = value as? [String: Any] {
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                let childPath = CodingPath.join(path, key)
                if let unsigned = integerFields[key], let number = child as? NSNumber, !(child is Bool),
                    let problem = problem(number, unsigned: unsigned)
                {
                    return .wrongType(path: childPath, expected: problem)
                }
                if let found = search(child, path: childPath) { return found }
            }
        } else if let array = value as? [Any] {
            for (index, child) in array.enumerated() {
                if let found = search(child, path: "\(path)[\(index)]") { return found }
            }
        }
        return nil
    }

    private static func problem(_ number: NSNumber, unsigned: Bool) -> String? {
        let double = number.doubleValue
        if double.rounded() != double || abs(double) > 9.2e18 { return unsigned ? "non-negative integer" : "integer" }
        if unsigned, double < 0 { return "non-negative integer" }
        return nil
    }
}
