import Foundation
import GroundCore
import Logging
import ServiceLifecycle

/// Deletes telemetry older than the store's retention, once at start and then every `interval`.
package struct TelemetryRetentionService: Service {
    let store: any GroundStore
    let interval: Duration
    let logger: Logger

    package init(
        store: any GroundStore, interval: Duration = .seconds(3600),
        logger: Logger = Logger(label: "skyrelay.ground.retention")
    ) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    package func run() async throws {
        do { try await pruneLoop() } catch is CancellationError {
            // Shutdown: a normal end, not a failure of the service group.
        }
    }

    func pruneLoop() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let deleted = try await store.applyRetention()
                    if deleted > 0 { logger.info("telemetry pruned", metadata: ["deleted": "\(deleted)"]) }
                } catch {
                    // A failed prune is retried next round; it must not take the service down.
                    logger.error("telemetry prune failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
