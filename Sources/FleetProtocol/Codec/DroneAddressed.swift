/// A message that names the drone it is from or for; the name must match the topic's drone id.
public protocol DroneAddressed {
    var droneID: DroneID { get }
}

extension Telemetry: DroneAddressed {}
extension DroneState: DroneAddressed {}
extension DroneEvent: DroneAddressed {}
extension Command: DroneAddressed {}
extension CommandReply: DroneAddressed {}
extension ProofChunk: DroneAddressed {}
extension ProofAck: DroneAddressed {}
