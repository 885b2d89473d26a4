import FleetProtocol

/// Valid sample messages; tests mutate copies to make them invalid.
enum Fixtures {
    static func drone() throws -> DroneID { try DroneID("sr-001") }

    static let position = Telemetry.Position(lat: 47.3769, lon: 8.5417, altAmslM: 468.2, altRelM: 60)

    static func telemetry(seq: UInt64 = 1) throws -> Telemetry {
        Telemetry(
            droneID: try drone(), seq: seq, timeMs: 1_764_060_000_123, position: position,
            velocity: .init(northMps: 10.6, eastMps: 10.6, downMps: 0), headingDeg: 45,
            battery: .init(percent: 71.5, voltageV: 23.4, remainingS: 1180), flightMode: "mission", armed: true,
            landedState: .inAir, gps: .init(fixType: 3, satellites: 14), assignmentID: "asg-1")
    }

    static func state() throws -> DroneState {
        DroneState(
            droneID: try drone(), presence: .online, timeMs: 1_764_060_000_000, agentVersion: "1.0.0",
            capabilities: VehicleProfile.default.capabilities, assignmentID: "asg-1", phase: .enRouteToPickup,
            home: GeoPoint(lat: 47.37, lon: 8.53))
    }

    static let assignment = Assignment(
        assignmentID: "asg-1", deliveryID: "del-1", pickup: GeoPoint(lat: 47.38, lon: 8.545),
        dropoff: GeoPoint(lat: 47.395, lon: 8.56), payloadKg: 1.2, cruiseAltitudeM: 60, loadingSeconds: 30,
        window: TimeWindow(earliestMs: 1_764_060_000_000, latestMs: 1_764_063_600_000))

    static func command(_ kind: Command.Kind = .assign(assignment)) throws -> Command {
        Command(
            commandID: "cmd-1", droneID: try drone(), issuedAtMs: 1_764_060_000_000,
            expiresAtMs: 1_764_060_030_000, kind: kind)
    }

    static func event(_ kind: DroneEvent.Kind = .phase(.atPickup)) throws -> DroneEvent {
        DroneEvent(
            droneID: try drone(), eventSeq: 7, timeMs: 1_764_060_012_000, assignmentID: "asg-1",
            position: position, batteryPercent: 82, kind: kind)
    }

    static func reply(accepted: Bool = false) throws -> CommandReply {
        CommandReply(
            commandID: "cmd-1", droneID: try drone(), accepted: accepted,
            reason: accepted ? nil : .insufficientBattery, message: accepted ? nil : "not enough energy",
            timeMs: 1_764_060_000_450)
    }
}
