import FleetProtocol
import Foundation
import Logging
import MQTTClient

/// Publishes vehicle telemetry at the configured rate (QoS 0), never below 1 Hz while airborne.
public struct TelemetryPublisher: Sendable {
    let link: GroundLink
    let autopilot: AutopilotLink
    let executor: AssignmentExecutor
    let rateHz: Double

    public init(link: GroundLink, autopilot: AutopilotLink, executor: AssignmentExecutor, rateHz: Double) {
        self.link = link
        self.autopilot = autopilot
        self.executor = executor
        self.rateHz = rateHz
    }

    public func run() async {
        let topic = link.topics.telemetry(link.droneId)
        var seq: UInt64 = 0
        var lastSent: ContinuousClock.Instant?
        while !Task.isCancelled {
            let vehicle = await autopilot.snapshot()
            // Re-evaluated every pass, so taking off at a slow configured rate speeds up at once.
            let period = Duration.nanoseconds(Int64(1e9 / (vehicle.airborne ? max(rateHz, 1) : rateHz)))
            let now = ContinuousClock.now
            if lastSent.map({ now - $0 >= period }) ?? true {
                lastSent = now
                if let position = vehicle.position, vehicle.autopilotAlive {
                    seq += 1
                    await publish(vehicle: vehicle, position: position, seq: seq, topic: topic)
                }
            }
            let due = (lastSent ?? now) + period
            try? await Task.sleep(until: min(due, ContinuousClock.now + .milliseconds(250)), clock: .continuous)
        }
    }

    private func publish(vehicle: VehicleState, position: Telemetry.Position, seq: UInt64, topic: String) async {
        let sample = Telemetry(
            droneId: link.droneId, seq: seq, timeMs: Date().millis, position: position, velocity: vehicle.velocity,
            headingDeg: vehicle.headingDeg,
            battery: .init(percent: vehicle.batteryPercent ?? 0, voltageV: vehicle.batteryVoltageV, remainingS: vehicle.batteryRemainingS),
            flightMode: vehicle.mode.name, armed: vehicle.armed, landedState: vehicle.landedState, gps: vehicle.gps,
            assignmentId: await executor.summary()?.assignmentId)
        // QoS 0 while disconnected fails fast; telemetry is not buffered (events are).
        if let payload = try? link.codec.encodeBytes(sample) {
            try? await link.client.publish(topic, payload: payload, qos: .atMostOnce)
        }
    }
}
