import Foundation

extension FleetCodec {
    /// Decodes telemetry received on `topicDrone`'s topic straight from the received bytes: the plain form
    /// agents write is read by ``TelemetryScanner`` without a copy or `JSONDecoder`; any other payload goes
    /// through ``decode(_:from:topicDrone:)`` and gets the same value or the same field-named error.
    public func decodeTelemetry(from bytes: [UInt8], topicDrone: DroneID) throws(ProtocolError) -> Telemetry {
        guard bytes.count <= payloadLimit else { throw .payloadTooLarge(size: bytes.count, limit: payloadLimit) }
        guard let sample = bytes.withUnsafeBytes({ TelemetryScanner.scan($0) }) else {
            return try decode(Telemetry.self, from: Data(bytes), topicDrone: topicDrone)
        }
        try sample.validate()
        guard sample.droneID == topicDrone else { throw Self.foreignDrone(sample.droneID, topicDrone) }
        return sample
    }

    /// A message on one drone's topic that names another drone.
    static func foreignDrone(_ droneID: DroneID, _ topicDrone: DroneID) -> ProtocolError {
        .invalidValue(path: "droneId", reason: "'\(droneID)' does not match topic drone '\(topicDrone)'")
    }
}
