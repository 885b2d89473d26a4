extension Command {
    enum CodingKeys: String, CodingKey {
        case commandID = "commandId"
        case droneID = "droneId"
        case issuedAtMs, expiresAtMs, kind, assignment
        case assignmentID = "assignmentId"
        case returnTo, fromSeq, route, airspace
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        commandID = try c.decode(String.self, forKey: .commandID)
        droneID = try c.decode(DroneID.self, forKey: .droneID)
        issuedAtMs = try c.decode(Int64.self, forKey: .issuedAtMs)
        expiresAtMs = try c.decode(Int64.self, forKey: .expiresAtMs)
        switch try c.decode(String.self, forKey: .kind) {
        case "assign": kind = .assign(try c.decode(Assignment.self, forKey: .assignment))
        case "cancel":
            kind = .cancel(
                assignmentID: try c.decode(String.self, forKey: .assignmentID),
                returnTo: try c.decode(ReturnTarget.self, forKey: .returnTo))
        case "recall": kind = .recall
        case "land-now": kind = .landNow
        case "resend-events": kind = .resendEvents(fromSeq: try c.decode(UInt64.self, forKey: .fromSeq))
        case "reroute":
            kind = .reroute(
                assignmentID: try c.decode(String.self, forKey: .assignmentID),
                route: try c.decode(Assignment.Route.self, forKey: .route),
                airspace: try c.decodeIfPresent(Airspace.self, forKey: .airspace))
        case let other: throw ProtocolError.unknownKind(field: "kind", value: other)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(commandID, forKey: .commandID)
        try c.encode(droneID, forKey: .droneID)
        try c.encode(issuedAtMs, forKey: .issuedAtMs)
        try c.encode(expiresAtMs, forKey: .expiresAtMs)
        try c.encode(kind.wireName, forKey: .kind)
        switch kind {
        case let .assign(assignment): try c.encode(assignment, forKey: .assignment)
        case let .cancel(assignmentID, returnTo):
            try c.encode(assignmentID, forKey: .assignmentID)
            try c.encode(returnTo, forKey: .returnTo)
        case .recall, .landNow: break
        case let .resendEvents(fromSeq): try c.encode(fromSeq, forKey: .fromSeq)
        case let .reroute(assignmentID, route, airspace):
            try c.encode(assignmentID, forKey: .assignmentID)
            try c.encode(route, forKey: .route)
            try c.encodeIfPresent(airspace, forKey: .airspace)
        }
    }
}
