import FleetProtocol

/// Live ETA of one delivery (payload release at the dropoff) from its drone's telemetry.
///
/// Raw prediction: remaining route from the current position and phase at an effective ground
/// speed, plus phase overheads from ``FlightModel`` (landing and loading at the pickup, climb,
/// braking, descent to release height). The effective speed on a leg with direction `u` is
/// `cruise + w·u`, where the wind `w` is estimated while cruising as
/// `groundVelocity − cruise·track` (only the along-track component is observable that way) and
/// exponentially smoothed.
///
/// Smoothing acts on the predicted arrival *timestamp*, which is constant on an on-plan flight,
/// so the displayed remaining time falls at one second per second instead of jittering:
/// - earlier predictions move the ETA by `alphaDown` of the difference per sample;
/// - later predictions are ignored while within `noiseFloorSeconds` (noise alone never pushes an
///   ETA later) and otherwise followed with `alphaUp`;
/// - any single step is bounded by `maxStepSeconds`.
package struct ETAEstimator: Sendable {
    package let pickup: GeoPoint
    package let dropoff: GeoPoint
    package var model: FlightModel
    package var alphaDown = 0.3
    package var alphaUp = 0.15
    package var noiseFloorSeconds = 2.0
    package var maxStepSeconds = 30.0
    /// Weight of a new sample in the wind estimate.
    package var windAlpha = 0.2

    private var windEast = 0.0
    private var windNorth = 0.0
    private var smoothedArrival: Double?
    private var phase: AssignmentPhase?
    private var phaseEnteredAt = 0.0

    package init(pickup: GeoPoint, dropoff: GeoPoint, model: FlightModel = FlightModel()) {
        self.pickup = pickup
        self.dropoff = dropoff
        self.model = model
    }

    /// The smoothed arrival so far, if any sample was seen.
    package var arrival: Double? { smoothedArrival }

    /// Feeds one sample and returns the updated estimate.
    package mutating func update(with sample: ETASample) -> ETAEstimate {
        if sample.phase != phase {
            phase = sample.phase
            phaseEnteredAt = sample.time
        }
        updateWind(sample)
        let raw = sample.time + rawRemainingSeconds(sample)
        let next: Double
        if let current = smoothedArrival {
            let difference = raw - current
            var step = 0.0
            if difference < 0 {
                step = alphaDown * difference
            } else if difference > noiseFloorSeconds {
                step = alphaUp * difference
            }
            next = current + min(max(step, -maxStepSeconds), maxStepSeconds)
        } else {
            next = raw
        }
        // After the release the delivery has arrived: the ETA is pinned to the observed time.
        let arrival = sample.phase.isAfterRelease ? min(next, sample.time) : max(next, sample.time)
        smoothedArrival = arrival
        return ETAEstimate(
            arrival: arrival, remainingSeconds: max(0, arrival - sample.time),
            rawArrival: raw, windEast: windEast, windNorth: windNorth)
    }

    private var cruiseTarget: GeoPoint? {
        switch phase {
        case .enRouteToPickup: pickup
        case .enRouteToDropoff: dropoff
        default: nil
        }
    }

    private mutating func updateWind(_ sample: ETASample) {
        guard let target = cruiseTarget else { return }
        let offset = sample.position.offset(to: target)
        let distance = (offset.east * offset.east + offset.north * offset.north).squareRoot()
        let groundSpeed = (sample.velocityEast * sample.velocityEast + sample.velocityNorth * sample.velocityNorth)
            .squareRoot()
        // Only steady cruise says anything about wind: not while accelerating, braking or hovering.
        let brakingDistance = model.cruiseSpeed * model.cruiseSpeed / (2 * model.acceleration)
        guard distance > brakingDistance + 100, groundSpeed > model.cruiseSpeed / 3 else { return }
        let east = sample.velocityEast - model.cruiseSpeed * offset.east / distance
        let north = sample.velocityNorth - model.cruiseSpeed * offset.north / distance
        windEast += windAlpha * (east - windEast)
        windNorth += windAlpha * (north - windNorth)
    }

    /// Ground speed on a leg given the wind estimate, floored so a wild estimate cannot explode the ETA.
    private func effectiveSpeed(from: GeoPoint, to: GeoPoint) -> Double {
        let offset = from.offset(to: to)
        let length = (offset.east * offset.east + offset.north * offset.north).squareRoot()
        guard length > 1 else { return model.cruiseSpeed }
        let along = (windEast * offset.east + windNorth * offset.north) / length
        return max(model.cruiseSpeed + along, model.cruiseSpeed / 5)
    }

    /// Remaining cruise time from mid-leg: constant speed then braking.
    private func cruiseRemainder(from: GeoPoint, to: GeoPoint) -> Double {
        let distance = from.distance(to: to)
        let speed = effectiveSpeed(from: from, to: to)
        let brakingDistance = speed * speed / (2 * model.acceleration)
        if distance >= brakingDistance { return (distance - brakingDistance) / speed + speed / model.acceleration }
        return (2 * distance / model.acceleration).squareRoot()
    }

    private var releaseDescentSeconds: Double { (model.cruiseAltitude - model.releaseAltitude) / model.descentRate }

    /// From standing at the pickup (loading finished) to the release.
    private var pickupLegSeconds: Double {
        let distance = pickup.distance(to: dropoff)
        return model.cruiseAltitude / model.climbRate
            + model.horizontalSeconds(distance: distance, groundSpeed: effectiveSpeed(from: pickup, to: dropoff))
            + releaseDescentSeconds
    }

    func rawRemainingSeconds(_ sample: ETASample) -> Double {
        switch sample.phase {
        case .received, .accepted, .preflight, .takeoff, .landed:
            // Still at (or rising from) the start: treat as a full ground-to-ground hop to the pickup.
            return model.cruiseAltitude / model.climbRate
                + model.horizontalSeconds(
                    distance: sample.position.distance(to: pickup),
                    groundSpeed: effectiveSpeed(from: sample.position, to: pickup))
                + model.cruiseAltitude / model.descentRate + model.loadingSeconds + pickupLegSeconds
        case .enRouteToPickup:
            return cruiseRemainder(from: sample.position, to: pickup)
                + model.cruiseAltitude / model.descentRate + model.loadingSeconds + pickupLegSeconds
        case .atPickup:
            return max(0, model.loadingSeconds - (sample.time - phaseEnteredAt)) + pickupLegSeconds
        case .enRouteToDropoff:
            return cruiseRemainder(from: sample.position, to: dropoff) + releaseDescentSeconds
        case .atDropoff, .returning, .completed, .aborted, .rejected:
            return 0
        }
    }
}

extension AssignmentPhase {
    var isAfterRelease: Bool {
        switch self {
        case .atDropoff, .returning, .completed, .aborted, .rejected: true
        default: false
        }
    }
}
