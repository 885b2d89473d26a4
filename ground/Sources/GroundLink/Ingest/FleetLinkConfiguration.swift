import FleetProtocol
import MQTTClient

/// How ground control reaches the fleet: the broker connection plus ingest and dispatcher settings.
/// With it, ``GroundControlApp`` runs ``FleetIngest`` and ``MQTTDispatcher``; without it, deliveries
/// stay queued.
public struct FleetLinkConfiguration: Sendable {
    /// Broker connection; its client id names ground's persistent session (`ground-<instance>`).
    public var mqtt: MQTTConfiguration
    public var ingest: FleetIngestConfiguration
    public var dispatcher: DispatcherConfiguration

    public init(
        mqtt: MQTTConfiguration, ingest: FleetIngestConfiguration = FleetIngestConfiguration(),
        dispatcher: DispatcherConfiguration = DispatcherConfiguration()
    ) {
        self.mqtt = mqtt
        self.ingest = ingest
        self.dispatcher = dispatcher
    }
}
