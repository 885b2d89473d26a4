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
/// Along a route around no-fly zones (``route``: the waypoints the assignment or its re-route sent)
/// the remaining distance is the remaining routed path: from the drone to the next waypoint not yet
/// passed, then through the later waypoints to the target (``ahead(of:start:waypoints:end:)``), with the
/// wind judged per segment; legs not yet begun cost their routed length.
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
    /// Where the drone was when its current phase began (the start of the leg it flies).
    private var phaseStart: GeoPoint?
    /// Segments of the current leg's polyline already flown: the nearest segment is searched from here
    /// on, so a route passing near an earlier segment never sends the estimate back.
    private var progress = 0

    /// The waypoints of the legs (nil: straight). A new route (a re-route) restarts the leg's progress.
    package var route: Assignment.Route? {
        didSet {
            if route != oldValue { progress = 0 }
        }
    }

    package init(
        pickup: GeoPoint, dropoff: GeoPoint, model: FlightModel = FlightModel(), route: Assignment.Route? = nil
    ) {
        self.pickup = pickup
        self.dropoff = dropoff
        self.model = model
        self.route = route
    }

    /// The smoothed arrival so far, if any sample was seen.
    package var arrival: Double? { smoothedArrival }

    /// Feeds one sample and returns the updated estimate.
    package mutating func update(with sample: ETASample) -> ETAEstimate {
        if sample.phase != phase {
            phase = sample.phase
            phaseEnteredAt = sample.time
            phaseStart = sample.position
            progress = 0
        }
        if let leg = cruiseLeg {
            progress = RoutePolyline.nearestSegment(
                sample.position, [leg.start] + leg.waypoints + [leg.target], from: progress)
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

    /// The leg being cruised (where it began, its waypoints, its target), if the drone cruises one.
    private var cruiseLeg: (start: GeoPoint, waypoints: [GeoPoint], target: GeoPoint)? {
        switch phase {
        case .enRouteToPickup: (phaseStart ?? pickup, route?.toPickup ?? [], pickup)
        case .enRouteToDropoff: (pickup, route?.toDropoff ?? [], dropoff)
        default: nil
        }
    }

    /// The points still ahead of `position` on the polyline `start → waypoints → end`: the end of the
    /// segment the drone is nearest to (never one before the segments already reached), then the rest.
    package func ahead(of position: GeoPoint, start: GeoPoint, waypoints: [GeoPoint], end: GeoPoint) -> [GeoPoint] {
        RoutePolyline.ahead(of: position, start: start, waypoints: waypoints, end: end, from: progress)
    }

    /// Metres from `position` along what is left of the leg to `target` (straight without a route).
    package func remainingPathM(from position: GeoPoint, waypoints: [GeoPoint], start: GeoPoint, to target: GeoPoint)
        -> Double
    {
        RoutePolyline.remainingM(from: position, start: start, waypoints: waypoints, end: target, from: progress)
    }

    /// Extra metres the route adds to the drone's way to the pickup from `position` (0 when straight,
    /// or once the drone is past the pickup leg): for the pickup ETA the tracking stream shows.
    package func pickupDetourM(from position: GeoPoint) -> Double {
        guard let waypoints = route?.toPickup, !waypoints.isEmpty, (phase?.order ?? 0) < AssignmentPhase.atPickup.order
        else { return 0 }
        let start = phase == .enRouteToPickup ? phaseStart ?? position : position
        let routed = remainingPathM(from: position, waypoints: waypoints, start: start, to: pickup)
        return max(routed - position.distance(to: pickup), 0)
    }

    private mutating func updateWind(_ sample: ETASample) {
        guard let leg = cruiseLeg else { return }
        // The drone heads for the next point of its route, not straight for the target.
        let target =
            ahead(of: sample.position, start: leg.start, waypoints: leg.waypoints, end: leg.target).first ?? leg.target
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

    /// Remaining cruise time from mid-leg through `points` (the route still ahead): each segment at its
    /// own ground speed, braking only at the target (the autopilot flies through waypoints).
    private func cruiseRemainder(from position: GeoPoint, through points: [GeoPoint]) -> Double {
        var time = 0.0
        var from = position
        for point in points.dropLast() {
            time += from.distance(to: point) / effectiveSpeed(from: from, to: point)
            from = point
        }
        return time + cruiseRemainder(from: from, to: points.last ?? from)
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
        let distance = DeliveryRoute.length(pickup, route?.toDropoff ?? [], dropoff)
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
                    distance: DeliveryRoute.length(sample.position, route?.toPickup ?? [], pickup),
                    groundSpeed: effectiveSpeed(from: sample.position, to: pickup))
                + model.cruiseAltitude / model.descentRate + model.loadingSeconds + pickupLegSeconds
        case .enRouteToPickup:
            let start = phase == .enRouteToPickup ? phaseStart ?? sample.position : sample.position
            return cruiseRemainder(
                from: sample.position,
                through: ahead(of: sample.position, start: start, waypoints: route?.toPickup ?? [], end: pickup))
                + model.cruiseAltitude / model.descentRate + model.loadingSeconds + pickupLegSeconds
        case .atPickup:
            return max(0, model.loadingSeconds - (sample.time - phaseEnteredAt)) + pickupLegSeconds
        case .enRouteToDropoff:
            return cruiseRemainder(
                from: sample.position,
                through: ahead(of: sample.position, start: pickup, waypoints: route?.toDropoff ?? [], end: dropoff))
                + releaseDescentSeconds
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
