import Foundation
import GroundCore
import Logging
import PostgresNIO
import ServiceLifecycle

/// Scheduler leader election between instances sharing one PostgreSQL: the leader is the instance
/// whose dedicated session holds `pg_try_advisory_lock(AdvisoryLockKey.schedulerLeader)`.
///
/// The lock lives as long as that session, so a leader that dies (even kill -9) or loses its
/// connection releases it at once, and a follower takes it at its next attempt (every
/// `retryInterval`). The leader checks its session every `retryInterval` too and steps down when the
/// check fails; another instance can only take the lock once that session is gone on the server.
package actor PostgresLeaderLock: Leadership, Service {
    let settings: PostgresConnectionSettings
    let retryInterval: Duration
    let logger: Logger
    package private(set) var isLeader = false
    /// Times this instance became leader (diagnostics and tests).
    package private(set) var terms = 0
    /// Readers of ``changes()``, told of every change of ``isLeader``.
    private var watchers: [UUID: AsyncStream<Bool>.Continuation] = [:]

    package init(
        settings: PostgresConnectionSettings, retryInterval: Duration = .seconds(1),
        logger: Logger = Logger(label: "skyrelay.ground.leader")
    ) {
        self.settings = settings
        self.retryInterval = retryInterval
        self.logger = logger
    }

    package func changes() -> AsyncStream<Bool> {
        let (stream, continuation) = AsyncStream.makeStream(of: Bool.self, bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        watchers[id] = continuation
        continuation.onTermination = { _ in Task { await self.forget(watcher: id) } }
        return stream
    }

    private func forget(watcher id: UUID) {
        watchers[id] = nil
    }

    private func announce() {
        for watcher in watchers.values { watcher.yield(isLeader) }
    }

    /// Competes for the lock until graceful shutdown; a leader's lock goes with its closed session.
    package func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.holdSession()
                try? await Task.sleep(for: self.retryInterval)
            }
        }
        step(down: "shutting down")
    }

    /// One session: connect, then try for (or keep checking) the lock until the session fails.
    private func holdSession() async {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try settings.connectionConfiguration(), id: 1, logger: logger)
        } catch {
            logger.warning(
                "leader lock: cannot connect", metadata: ["error": "\(PostgresGroundStore.map(error, "connect"))"])
            return
        }
        do {
            while !Task.isCancelled {
                if isLeader {
                    // The lock is only as alive as this session.
                    try await connection.rows("SELECT 1", logger: logger)
                } else {
                    let rows = try await connection.rows(
                        "SELECT pg_try_advisory_lock(\(AdvisoryLockKey.schedulerLeader.rawValue)) AS locked",
                        logger: logger)
                    if try rows.first?.bool("locked") == true {
                        isLeader = true
                        terms += 1
                        logger.notice("became scheduler leader")
                        announce()
                    }
                }
                try await Task.sleep(for: retryInterval)
            }
        } catch is CancellationError {
            // Shutdown: closing the session below releases the lock.
        } catch {
            step(down: "leader session failed: \(PostgresGroundStore.map(error, "leader lock"))")
        }
        step(down: "session closed")
        do { try await connection.close() } catch {
            logger.debug(
                "leader session close failed (the server ends it with the connection)", metadata: ["error": "\(error)"])
        }
    }

    private func step(down reason: String) {
        guard isLeader else { return }
        isLeader = false
        logger.notice("no longer scheduler leader", metadata: ["reason": "\(reason)"])
        announce()
    }
}
