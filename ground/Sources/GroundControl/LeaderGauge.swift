import GroundCore
import GroundObservability
import ServiceLifecycle

/// Keeps `skyrelay_leader` (1 or 0) true to this instance's scheduler leadership, so an alert can
/// tell when no instance leads.
struct LeaderGauge: Service {
    let leadership: any Leadership
    let metrics: GroundMetrics

    func run() async throws {
        // Listening before reading: a change in between is not missed.
        let changes = await leadership.changes()
        metrics.setLeader(await leadership.isLeader)
        for await leading in changes.cancelOnGracefulShutdown() { metrics.setLeader(leading) }
    }
}
