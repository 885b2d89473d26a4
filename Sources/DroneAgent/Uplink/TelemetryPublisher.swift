import FleetProtocol
import Foundation
import Logging
import MAVLink
import MQTTClient

/// Publishes vehicle telemetry at the configured rate (QoS 0), never below 1 Hz while airborne.
///
/// Driven by the autopilot's position reports: each GLOBAL_POSITION_INT wakes the publisher, which
/// sends it when its slot is due (``TelemetryPacer``), so a position reaches the ground without
/// waiting for an unrelated timer phase. A tick keeps telemetry going when positions stop; it sleeps
/// until the pacer's fallback moment (``FallbackDeadline``), so while positions flow it finds that
/// moment moved on and wakes nobody.
public struct TelemetryPublisher: Sendable {
    let link: GroundLink
    let autopilot: AutopilotLink
    let executor: AssignmentExecutor
    let rateHz: Double
    /// Dispatch-ready charge level (percent) and swap duration (s) for `battery.readyAtMs`.
    let readyPercent: Double
    let swapSeconds: Double

    public init(
        link: GroundLink, autopilot: AutopilotLink, executor: AssignmentExecutor, rateHz: Double,
        readyPercent: Double = 95, swapSeconds: Double = 120
    ) {
        self.link = link
        self.autopilot = autopilot
        self.executor = executor
        self.rateHz = rateHz
        self.readyPercent = readyPercent
        self.swapSeconds = swapSeconds
    }

    enum Wakeup: Sendable {
        case position
        case tick
    }

    public func run() async {
        let (wakeups, wake) = AsyncStream.makeStream(of: Wakeup.self, bufferingPolicy: .bufferingNewest(16))
        let positions = await autopilot.forwardArrivals(of: GlobalPositionInt.messageID, to: wake, as: .position)
        // Half the shortest period (the airborne one is at least 1 Hz), at most 250 ms: the fallback
        // publish without fresh positions is then late by at most that, and a planned fallback is
        // looked at again at least that often (the period changes on take-off).
        let tick = Duration.nanoseconds(Int64(min(0.5e9 / max(rateHz, 1), 0.25e9)))
        let deadline = FallbackDeadline()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    let now = ContinuousClock.now
                    if let due = deadline.instant, due > now {
                        try? await Task.sleep(until: min(due, now + .milliseconds(250)), clock: .continuous)
                        continue
                    }
                    wake.yield(.tick)
                    try? await Task.sleep(for: tick)
                }
            }
            await publish(on: wakeups, deadline: deadline)
            group.cancelAll()
        }
        await autopilot.stopForwarding(positions)
        wake.finish()
    }

    private func publish(on wakeups: AsyncStream<Wakeup>, deadline: FallbackDeadline) async {
        let topic = link.topics.telemetry(link.droneID)
        var seq: UInt64 = 0
        var pacer = TelemetryPacer()
        var freshArrival: ContinuousClock.Instant?
        for await wakeup in wakeups {
            if Task.isCancelled { return }
            if case .position = wakeup { freshArrival = .now }
            let vehicle = await autopilot.snapshot()
            // Re-evaluated every pass, so taking off at a slow configured rate speeds up at once.
            let period = Duration.nanoseconds(Int64(1e9 / (vehicle.airborne ? max(rateHz, 1) : rateHz)))
            let due = pacer.shouldPublish(at: .now, period: period, freshArrival: freshArrival)
            deadline.set(pacer.fallback(period: period))
            guard due else { continue }
            freshArrival = nil
            if let position = vehicle.position, vehicle.autopilotAlive {
                seq += 1
                await publish(vehicle: vehicle, position: position, seq: seq, topic: topic)
            }
        }
    }

    private func publish(vehicle: VehicleState, position: Telemetry.Position, seq: UInt64, topic: String) async {
        let charge = vehicle.charge.report(readyPercent: readyPercent, swapSeconds: swapSeconds)
        let sample = Telemetry(
            droneID: link.droneID, seq: seq, timeMs: Date().millis, position: position, velocity: vehicle.velocity,
            headingDeg: vehicle.headingDeg,
            battery: .init(
                percent: vehicle.batteryPercent ?? 0, voltageV: vehicle.batteryVoltageV,
                remainingS: vehicle.batteryRemainingS, chargeState: charge.state, readyAtMs: charge.readyAtMs),
            flightMode: vehicle.mode.name, armed: vehicle.armed, landedState: vehicle.landedState, gps: vehicle.gps,
            assignmentID: await executor.summary()?.assignmentID, wind: vehicle.wind)
        let payload: [UInt8]
        do { payload = try link.codec.encodeBytes(sample) } catch {
            link.logger.error("telemetry sample does not encode", metadata: ["seq": "\(seq)", "error": "\(error)"])
            return
        }
        // QoS 0 while disconnected fails fast; telemetry is not buffered (events are), so a failed sample is
        // logged at debug level only (one per sample would flood the log during an outage).
        do { try await link.client.publish(topic, payload: payload, qos: .atMostOnce) } catch {
            link.logger.debug("telemetry sample not sent", metadata: ["seq": "\(seq)", "error": "\(error)"])
        }
    }
}
