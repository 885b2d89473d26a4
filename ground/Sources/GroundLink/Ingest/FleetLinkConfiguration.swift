import FleetProtocol
import MQTTClient

/// How ground control reaches the fleet: the broker connection plus ingest and dispatcher settings.
/// With it, ``GroundControlApp`` runs ``FleetIngest`` and ``MQTTDispatcher``; without it, deliveries
/// stay queued.
package struct FleetLinkConfiguration: Sendable {
    /// Broker connection; its client id names ground's persistent session (`ground-<instance>`).
    package var mqtt: MQTTConfiguration
    package var ingest: FleetIngestConfiguration
    package var dispatcher: DispatcherConfiguration

    package init(
        mqtt: MQTTConfiguration, ingest: FleetIngestConfiguration = FleetIngestConfiguration(),
        dispatcher: DispatcherConfiguration = DispatcherConfiguration()
    ) {
        self.mqtt = mqtt
        self.ingest = ingest
        self.dispatcher = dispatcher
    }
}
