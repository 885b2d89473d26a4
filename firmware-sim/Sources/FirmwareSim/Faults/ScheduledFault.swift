/// A fault planned from the command line: `--fault <drone>:<kind>[@<time>s][:<arg>]`.
public struct ScheduledFault: Sendable, Hashable {
    /// Vehicle index, nil for every vehicle.
    public var vehicle: Int?
    public var fault: Fault
    /// Simulated seconds after start.
    public var time: Double

    public init(vehicle: Int?, fault: Fault, time: Double) {
        self.vehicle = vehicle
        self.fault = fault
        self.time = time
    }

    /// Parses e.g. `2:link-loss@30s:10`, `all:gps-loss`, `0:battery-sag@120:40`.
    public init(parsing text: String) throws(ControlError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { throw .invalidValue(text, field: "--fault <drone>:<kind>[@<time>s][:<arg>]") }
        vehicle = try Self.vehicle(parts[0])
        let kindAndTime = parts[1].split(separator: "@", maxSplits: 1)
        guard let kind = kindAndTime.first else { throw .missingArgument("fault kind") }
        if kindAndTime.count == 2 {
            var timeText = kindAndTime[1]
            if timeText.hasSuffix("s") { timeText = timeText.dropLast() }
            guard let t = Double(timeText), t.isFinite, t >= 0 else {
                throw .invalidNumber(String(kindAndTime[1]), field: "fault time")
            }
            time = t
        } else {
            time = 0
        }
        fault = try Fault(words: [kind] + parts.dropFirst(2))
    }

    /// `all` or a non-negative index.
    static func vehicle(_ word: Substring) throws(ControlError) -> Int? {
        if word == "all" { return nil }
        guard let i = Int(word), i >= 0 else { throw .invalidValue(String(word), field: "drone index or 'all'") }
        return i
    }
}
