import FleetProtocol
import Foundation
import Logging
import MAVLink
import MQTTClient
import ServiceLifecycle

/// The whole drone agent as one ServiceLifecycle service: autopilot link, assignment executor, MQTT
/// presence, telemetry, command intake and outbox publisher run as structured child tasks.
///
/// On graceful shutdown (SIGTERM) it stops taking commands, tries to flush the outbox for a few
/// seconds (whatever is left stays in SQLite for the next start), publishes `offline` and disconnects.
public struct AgentService: Service, CustomStringConvertible {
    public let configuration: AgentConfiguration
    let logger: Logger
    let store: AgentStore
    let link: GroundLink
    let autopilot: AutopilotLink
    let executor: AssignmentExecutor
    let signal = OutboxSignal()
    let proofSignal = ProofSignal()

    /// Short, so ServiceLifecycle's logs do not dump the whole configuration.
    public var description: String { "AgentService(\(configuration.droneID))" }

    /// Opens the store and builds every component; nothing touches the network yet.
    public init(configuration: AgentConfiguration, logger: Logger) throws {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        store = try AgentStore(path: configuration.storePath)
        link = try GroundLink(configuration: configuration, logger: logger)
        let endpoint = try MAVLinkEndpoint(configuration.mavlinkURL)
        autopilot = AutopilotLink(
            endpoint: endpoint,
            heartbeatTimeout: .milliseconds(Int64(configuration.heartbeatTimeoutSeconds * 1000)),
            positionRateHz: max(10, configuration.telemetryRateHz),
            security: try configuration.mavlinkSecurity(),
            silencesUnreadStreams: configuration.silenceUnreadStreams, logger: logger)
        let recorder = EventRecorder(store: store, droneID: link.droneID, topics: link.topics, signal: signal)
        executor = AssignmentExecutor(
            configuration: configuration, store: store, autopilot: autopilot, recorder: recorder, logger: logger)
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do { try await autopilot.run() } catch {
                        logger.critical("autopilot link failed", metadata: ["error": "\(error)"])
                    }
                }
                group.addTask { await executor.run() }
                group.addTask {
                    await ProofPhotographer(
                        store: store, autopilot: autopilot, executor: executor, signal: proofSignal, logger: logger
                    ).run()
                }
                group.addTask { await runUplink() }
                if let remoteID = configuration.remoteID {
                    group.addTask {
                        await RemoteIDBroadcaster(settings: remoteID, autopilot: autopilot, logger: logger).run()
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
        await shutdown()
    }

    private func runUplink() async {
        do { try await link.connect() } catch { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await OutboxPublisher(store: store, client: link.client, signal: signal, logger: logger).run()
            }
            group.addTask {
                await TelemetryPublisher(
                    link: link, autopilot: autopilot, executor: executor, rateHz: configuration.telemetryRateHz,
                    readyPercent: configuration.dispatchReadyPercent, swapSeconds: configuration.batterySwapSeconds
                ).run()
            }
            group.addTask {
                while !Task.isCancelled {
                    do {
                        try await CommandIntake(link: link, store: store, executor: executor, logger: logger).run()
                    } catch {
                        logger.warning("command subscription failed, retrying", metadata: ["error": "\(error)"])
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            group.addTask {
                await ProofUploader(link: link, store: store, signal: proofSignal, logger: logger).run()
            }
            group.addTask { await MAVLinkTunnelRelay(link: link, autopilot: autopilot, logger: logger).run() }
            group.addTask { await watchPresence() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Republishes the retained online state on every reconnect, phase change and new home, once the
    /// events before it have left the outbox; tells the executor about ground-link loss. Woken by those
    /// events (and the outbox's drained signal), not by a clock.
    private func watchPresence() async {
        let states = link.client.connectionStates()
        let summaries = await executor.summaryChanges()
        // Home and autopilot only: not every position (what `changes()` signals).
        let vehicle = await autopilot.presenceChanges()
        let (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await state in states {
                    switch state {
                    case .connected: await executor.groundLink(connected: true)
                    case .disconnected: await executor.groundLink(connected: false)
                    }
                    wake.yield()
                }
            }
            group.addTask { for await _ in summaries { wake.yield() } }
            group.addTask { for await _ in vehicle { wake.yield() } }
            group.addTask { for await _ in signal.drained { wake.yield() } }
            group.addTask {
                var published: String?
                var connects = -1
                wake.yield()
                for await _ in wakeups {
                    let summary = await executor.summary()
                    let vehicle = await autopilot.snapshot()
                    let home = vehicle.home, name = vehicle.autopilotName
                    // Home and autopilot are part of the key: they arrive after the first connect and ground needs them.
                    let key =
                        "\(summary?.assignmentID ?? "")/\(summary?.phase.rawValue ?? "")/\(home.map { "\($0.lat),\($0.lon)" } ?? "")/\(name ?? "")"
                    let stats = link.client.statistics
                    guard key != published || stats.connects != connects else { continue }
                    // The state must not overtake the events behind it: ground settles an assignment the
                    // state no longer names as ended while away, without the completed event's figures.
                    // So it waits until the outbox is empty (the publisher's drained signal wakes it).
                    do {
                        if try store.pendingCount() > 0 { continue }
                    } catch {
                        logger.error(
                            "cannot read the outbox size; publishing the state anyway", metadata: ["error": "\(error)"])
                    }
                    if await link.client.isConnected {
                        await link.publishState(.online, assignment: summary, home: home, autopilot: name)
                        published = key
                        connects = stats.connects
                    }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func shutdown() async {
        logger.info("shutting down")
        if await link.client.isConnected {
            let flush = OutboxPublisher(store: store, client: link.client, signal: signal, logger: logger)
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    // Whatever is not flushed stays in the outbox for the next start.
                    do { _ = try await flush.drain(limit: 100) } catch {
                        logger.warning("outbox flush at shutdown stopped", metadata: ["error": "\(error)"])
                    }
                }
                group.addTask { try? await Task.sleep(for: .seconds(3)) }
                await group.next()
                group.cancelAll()
            }
            let vehicle = await autopilot.snapshot()
            await link.publishState(
                .offline, assignment: await executor.summary(), home: vehicle.home, autopilot: vehicle.autopilotName)
        }
        do {
            let pending = try store.pendingCount()
            logger.info("stopped", metadata: ["outboxPending": "\(pending)"])
        } catch {
            logger.error("stopped; outbox size unreadable", metadata: ["error": "\(error)"])
        }
        await link.client.disconnect()
    }
}
