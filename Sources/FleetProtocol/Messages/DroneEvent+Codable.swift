extension DroneEvent {
    enum CodingKeys: String, CodingKey {
        case droneID = "droneId"
        case eventSeq, timeMs
        case assignmentID = "assignmentId"
        case position, batteryPercent, kind, phase, reason, code, severity, message,
            energyUsedWh, detail
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        droneID = try c.decode(DroneID.self, forKey: .droneID)
        eventSeq = try c.decode(UInt64.self, forKey: .eventSeq)
        timeMs = try c.decode(Int64.self, forKey: .timeMs)
        assignmentID = try c.decodeIfPresent(String.self, forKey: .assignmentID)
        position = try c.decode(Telemetry.Position.self, forKey: .position)
        batteryPercent = try c.decode(Double.self, forKey: .batteryPercent)
        energyUsedWh = try c.decodeIfPresent(Double.self, forKey: .energyUsedWh)
        detail = try c.decodeIfPresent(String.self, forKey: .detail)
        switch try c.decode(String.self, forKey: .kind) {
        case "phase":
            kind = .phase(
                try c.decode(AssignmentPhase.self, forKey: .phase),
                reason: try c.decodeIfPresent(ReasonCode.self, forKey: .reason))
        case "alarm":
            kind = .alarm(
                code: try c.decode(ReasonCode.self, forKey: .code),
                severity: try c.decode(Severity.self, forKey: .severity),
                message: try c.decode(String.self, forKey: .message))
        case let other:
            throw ProtocolError.unknownKind(field: "kind", value: other)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(droneID, forKey: .droneID)
        try c.encode(eventSeq, forKey: .eventSeq)
        try c.encode(timeMs, forKey: .timeMs)
        try c.encodeIfPresent(assignmentID, forKey: .assignmentID)
        try c.encode(position, forKey: .position)
        try c.encode(batteryPercent, forKey: .batteryPercent)
        try c.encodeIfPresent(energyUsedWh, forKey: .energyUsedWh)
        try c.encodeIfPresent(detail, forKey: .detail)
        switch kind {
        case let .phase(phase, reason):
            try c.encode("phase", forKey: .kind)
            try c.encode(phase, forKey: .phase)
            try c.encodeIfPresent(reason, forKey: .reason)
        case let .alarm(code, severity, message):
            try c.encode("alarm", forKey: .kind)
            try c.encode(code, forKey: .code)
            try c.encode(severity, forKey: .severity)
            try c.encode(message, forKey: .message)
        }
    }
}
