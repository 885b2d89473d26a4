extension StreamRates {
    /// The rate of one stream, Hz of simulated time; 0 disables it.
    public subscript(stream: TelemetryStream) -> Double {
        get { stream.rate(in: self) }
        set {
            switch stream {
            case .heartbeat: heartbeat = newValue
            case .globalPosition: globalPosition = newValue
            case .attitude: attitude = newValue
            case .gpsRaw: gpsRaw = newValue
            case .sysStatus: sysStatus = newValue
            case .batteryStatus: batteryStatus = newValue
            case .extendedSysState: extendedSysState = newValue
            case .missionCurrent: missionCurrent = newValue
            case .vfrHud: vfrHud = newValue
            case .homePosition: homePosition = newValue
            case .systemTime: systemTime = newValue
            case .wind: wind = newValue
            }
        }
    }

    /// Applies a `--rate` value: `MESSAGE_NAME=hz`, e.g. `ATTITUDE=10` or `vfr_hud=0`.
    public mutating func apply(_ text: String) throws(ControlError) {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { throw .invalidValue(text, field: "--rate MESSAGE=hz") }
        guard let stream = TelemetryStream(messageName: String(parts[0])) else {
            throw .invalidValue(
                String(parts[0]),
                field: "--rate message (one of \(TelemetryStream.allCases.map(\.messageName).joined(separator: ", ")))")
        }
        guard let hz = Double(parts[1]), hz.isFinite, hz >= 0 else {
            throw .invalidNumber(String(parts[1]), field: "--rate hz")
        }
        self[stream] = hz
    }
}
