/// What the agent broadcasts as Remote ID (ASTM F3411 / EU 2019/945) through the autopilot's transponder.
public struct RemoteIDSettings: Codable, Sendable, Equatable {
    /// The UAS id: the drone's serial number (ANSI/CTA-2063-A) or registration, 1...20 ASCII characters.
    public var uasID: String
    /// The operator's registration id (e.g. `CHEabcdefgh12345`), 1...20 ASCII characters.
    public var operatorID: String
    /// MAV_ODID_ID_TYPE of `uasID` (default 1, serial number; 2 CAA registration).
    public var idType: UInt8
    /// MAV_ODID_UA_TYPE (default 2, helicopter or multirotor).
    public var uaType: UInt8

    public init(uasID: String, operatorID: String, idType: UInt8 = 1, uaType: UInt8 = 2) {
        self.uasID = uasID
        self.operatorID = operatorID
        self.idType = idType
        self.uaType = uaType
    }

    enum CodingKeys: String, CodingKey {
        case uasID = "uasId"
        case operatorID = "operatorId"
        case idType, uaType
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            uasID: try c.decode(String.self, forKey: .uasID),
            operatorID: try c.decode(String.self, forKey: .operatorID),
            idType: try c.decodeIfPresent(UInt8.self, forKey: .idType) ?? 1,
            uaType: try c.decodeIfPresent(UInt8.self, forKey: .uaType) ?? 2)
    }

    /// The MAVLink fields are 20 bytes, ASCII, zero-padded: a longer or non-printable id would be cut or
    /// garbled on the air.
    func validate(at path: String) throws(ConfigurationError) {
        for (name, value) in [("uasId", uasID), ("operatorId", operatorID)] {
            guard (1...20).contains(value.utf8.count), value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw .invalid(field: "\(path).\(name)", reason: "must be 1...20 printable ASCII characters")
            }
        }
        guard (1...4).contains(idType) else {
            throw .invalid(field: "\(path).idType", reason: "must be a MAV_ODID_ID_TYPE 1...4")
        }
        guard uaType <= 15 else { throw .invalid(field: "\(path).uaType", reason: "must be a MAV_ODID_UA_TYPE 0...15") }
    }
}
