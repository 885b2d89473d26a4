extension SimulatorConfiguration {
    /// Why a configuration cannot run.
    public enum ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
        case noVehicles
        case systemID(Int)
        case portRange(basePort: Int, count: Int)
        case notPositive(field: String, value: Double)
        case faultTarget(vehicle: Int, count: Int)
        /// A camera web server without a camera (`--camera-http-port` needs `--camera-dir`).
        case cameraHTTPWithoutCamera

        public var description: String {
            switch self {
            case .noVehicles: "no vehicles: give --count with --around, or --config"
            case .systemID(let id): "first system id \(id) is outside 1...255"
            case .portRange(let base, let count): "ports \(base)..\(base + count - 1) exceed 65535"
            case .notPositive(let field, let value): "\(field) must be positive, got \(value)"
            case .faultTarget(let vehicle, let count): "--fault names drone \(vehicle) but there are \(count)"
            case .cameraHTTPWithoutCamera: "--camera-http-port needs --camera-dir (the camera's storage)"
            }
        }
    }

    /// Checks ranges the run depends on.
    public func validate() throws(ValidationError) {
        guard !homes.isEmpty else { throw .noVehicles }
        guard (1...255).contains(firstSystemID) else { throw .systemID(firstSystemID) }
        guard basePort == 0 || basePort + homes.count - 1 <= 65535 else {
            throw .portRange(basePort: basePort, count: homes.count)
        }
        if let gcsBasePort {
            guard (0...65535).contains(gcsBasePort), gcsBasePort == 0 || gcsBasePort + homes.count - 1 <= 65535 else {
                throw .portRange(basePort: gcsBasePort, count: homes.count)
            }
        }
        if let gcsRemotePort, !(1...65535).contains(gcsRemotePort) {
            throw .portRange(basePort: gcsRemotePort, count: 1)
        }
        if let port = cameraHTTPPort {
            guard cameraDirectory != nil else { throw .cameraHTTPWithoutCamera }
            guard (0...65535).contains(port) else { throw .portRange(basePort: port, count: 1) }
        }
        guard speed > 0, speed.isFinite else { throw .notPositive(field: "speed", value: speed) }
        guard physicsStep > 0 else { throw .notPositive(field: "physics step", value: physicsStep) }
        guard peerSilenceSeconds > 0, peerSilenceSeconds.isFinite else {
            throw .notPositive(field: "peer silence", value: peerSilenceSeconds)
        }
        guard gust >= 0, gust.isFinite else { throw .notPositive(field: "gust", value: gust) }
        guard tickInterval > 0 else { throw .notPositive(field: "tick interval", value: tickInterval) }
        guard profile.batteryCapacityWh > 0 else {
            throw .notPositive(field: "battery Wh", value: profile.batteryCapacityWh)
        }
        for fault in faults {
            if let v = fault.vehicle, v >= homes.count { throw .faultTarget(vehicle: v, count: homes.count) }
        }
    }
}
