import FleetProtocol
import Foundation
import GroundCore
import MQTTClient

extension IngestPipeline {
    /// Decodes a sample, drops stale ones, and feeds the ETA of the delivery the drone is flying.
    mutating func take(_ message: MQTTMessage, from drone: DroneID, into batch: inout TelemetryBatch) async {
        let sample: Telemetry
        do { sample = try codec.decodeTelemetry(from: message.payload, topicDrone: drone) } catch {
            reject(kind: TopicKind.telemetry.rawValue, error, message)
            return
        }
        let seconds = Double(sample.timeMs) / 1000
        guard
            let taken = streams[drone.rawValue, default: TelemetryStream()].take(
                sample.seq, at: seconds, historyInterval: historyInterval)
        else {
            ingest.metrics.recordBadPayload(kind: "telemetry", reason: "stale_seq")
            return
        }
        batch.count += 1
        if batch.oldestReceivedAt == nil { batch.oldestReceivedAt = message.receivedAt }
        if taken.keptForHistory {
            batch.samples.append(
                TelemetrySample(
                    droneID: drone.rawValue, time: Date(timeIntervalSince1970: seconds), lat: sample.position.lat,
                    lon: sample.position.lon, alt: sample.position.altAmslM,
                    batteryPercent: sample.battery.percent, groundSpeed: sample.velocity.groundSpeedMps,
                    heading: sample.headingDeg, airborne: Self.airborne(sample)))
        }
        guard taken.advancesLive else { return }
        // Kept only to be relayed to the other instances of a share group.
        if relay != nil { batch.handled.append(sample) }
        await applyLive(sample, into: &batch)
    }

    /// Armed and not on the ground; an autopilot that does not report its landed state counts as
    /// airborne while armed.
    static func airborne(_ sample: Telemetry) -> Bool {
        guard sample.armed else { return false }
        return sample.landedState != .onGround
    }

    /// Whether a relayed `sample` is newer than what the live view shows of its drone.
    mutating func advanceLive(_ sample: Telemetry) -> Bool {
        streams[sample.droneID.rawValue, default: TelemetryStream()].advancesLive(sample.seq)
    }

    /// Registry (newest per batch) and ETA tracking of the delivery the drone is flying.
    mutating func applyLive(_ sample: Telemetry, into batch: inout TelemetryBatch) async {
        let id = sample.droneID.rawValue
        batch.keepLatest(sample)
        let time = Date(timeIntervalSince1970: Double(sample.timeMs) / 1000)
        guard let assignmentID = sample.assignmentID, let assignment = await directory.lookup(assignmentID),
            assignment.droneID == id
        else { return }
        batch.deliveries[id] = assignment.deliveryID
        await track(sample, assignmentID: assignmentID, assignment: assignment, time: time)
    }

    /// Recomputes and publishes the ETAs of one delivery from one sample.
    mutating func track(_ sample: Telemetry, assignmentID: String, assignment: ActiveAssignment, time: Date) async {
        let known = phases[sample.droneID.rawValue]
        let phase = known?.assignmentID == assignmentID ? known?.phase : nil
        var etaDropoff: Date?
        var etaPickup: Date?
        if let phase, !phase.isTerminal {
            let vehicle = profile(of: sample.droneID.rawValue)
            var estimator =
                estimators[assignment.deliveryID]
                ?? ETAEstimator(
                    pickup: assignment.pickup, dropoff: assignment.dropoff, model: FlightModel(vehicle: vehicle))
            // A re-route replaces the path (and restarts the leg's progress along it).
            estimator.route = assignment.route
            let estimate = estimator.update(
                with: ETASample(
                    time: time.timeIntervalSince1970, position: sample.position.point,
                    velocityNorth: sample.velocity.northMps, velocityEast: sample.velocity.eastMps, phase: phase))
            estimators[assignment.deliveryID] = estimator
            etaDropoff = Date(timeIntervalSince1970: estimate.arrival)
            if phase.order < AssignmentPhase.atPickup.order {
                let home = homes[sample.droneID.rawValue] ?? sample.position.point
                let route = RoutePlan(
                    home: home, pickup: assignment.pickup, dropoff: assignment.dropoff,
                    payloadKg: assignment.payloadKg, vehicle: vehicle)
                let remaining = EnergyModel(vehicle: vehicle)
                    .remaining(route, from: sample.position.point, altitudeRelM: sample.position.altRelM, phase: phase)
                // The energy model's straight legs plus the cruise the route's remaining waypoints add.
                let detourS = estimator.pickupDetourM(from: sample.position.point) / vehicle.cruiseSpeedMps
                etaPickup = time.addingTimeInterval(remaining.untilPickupS + detourS)
            }
        }
        await ingest.deliveries.track(
            assignment.deliveryID,
            position: TrackingUpdate.Position(
                lat: sample.position.lat, lon: sample.position.lon, alt: sample.position.altAmslM),
            battery: sample.battery.percent, phase: phase, etaPickup: etaPickup, etaDropoff: etaDropoff, at: time)
    }

    /// One registry update and one store transaction for the whole batch.
    mutating func flush(_ batch: TelemetryBatch) async {
        if !batch.latest.isEmpty {
            await ingest.fleet.apply(telemetry: Array(batch.latest.values), deliveries: batch.deliveries)
        }
        guard batch.count > 0 else { return }
        ingest.metrics.recordIngest(kind: "telemetry", count: batch.count)
        guard !batch.samples.isEmpty else { return }
        do { try await ingest.store.insertTelemetry(batch.samples) } catch {
            // Not stored: the next samples of these drones must not be held back by these.
            for sample in batch.samples { streams[sample.droneID]?.handedToStore = nil }
            ingest.logger.error(
                "telemetry batch not stored", metadata: ["samples": "\(batch.samples.count)", "error": "\(error)"])
        }
    }
}
