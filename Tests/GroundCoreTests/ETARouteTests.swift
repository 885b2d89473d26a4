import FleetProtocol
import Foundation
import Testing

@testable import GroundCore

private let base = GeoPoint(lat: 47.0, lon: 8.0)

private func point(_ east: Double, _ north: Double) -> GeoPoint { base.moved(east: east, north: north) }

/// A drone flying `points` at cruise speed through the waypoints, braking only at the end, then
/// descending to release height: samples once a second and the true release time.
private func routedFlight(_ points: [GeoPoint], model: FlightModel) -> (samples: [ETASample], arrival: Double) {
    let v = model.cruiseSpeed, a = model.acceleration
    let segments = zip(points, points.dropFirst()).map { (from: $0.0, to: $0.1, length: $0.0.distance(to: $0.1)) }
    let total = segments.reduce(0) { $0 + $1.length }
    let braking = v * v / (2 * a)
    let cruiseEnd = (total - braking) / v
    let overTarget = cruiseEnd + v / a
    var samples: [ETASample] = []
    var t = 0.0
    while t < overTarget - 1 {
        let (s, speed) =
            t <= cruiseEnd
            ? (v * t, v)
            : (v * cruiseEnd + v * (t - cruiseEnd) - a * (t - cruiseEnd) * (t - cruiseEnd) / 2, v - a * (t - cruiseEnd))
        var left = s
        var index = 0
        while index < segments.count - 1, left > segments[index].length {
            left -= segments[index].length
            index += 1
        }
        let segment = segments[index]
        let f = segment.from.offset(to: segment.to)
        let unit = (east: f.east / segment.length, north: f.north / segment.length)
        samples.append(
            ETASample(
                time: t, position: segment.from.moved(east: unit.east * left, north: unit.north * left),
                velocityNorth: unit.north * speed, velocityEast: unit.east * speed, phase: .enRouteToDropoff))
        t += 1
    }
    return (samples, overTarget + (model.cruiseAltitude - model.releaseAltitude) / model.descentRate)
}

@Suite struct ETARouteTests {
    let pickup = point(0, 0)
    let corner = point(500, 500)
    let dropoff = point(1000, 0)

    @Test("the remaining distance is the drone's way to the next waypoint, then the waypoints to the target")
    func remainingPathFollowsTheWaypoints() throws {
        let estimator = ETAEstimator(pickup: pickup, dropoff: dropoff, route: Assignment.Route(toDropoff: [corner]))
        let diagonal = pickup.distance(to: corner)
        let onFirst = point(250, 250)
        let first = estimator.remainingPathM(from: onFirst, waypoints: [corner], start: pickup, to: dropoff)
        #expect(abs(first - (onFirst.distance(to: corner) + corner.distance(to: dropoff))) < 0.01)
        #expect(abs(first - 1.5 * diagonal) < 1)
        let onSecond = point(750, 250)
        let second = estimator.remainingPathM(from: onSecond, waypoints: [corner], start: pickup, to: dropoff)
        #expect(abs(second - onSecond.distance(to: dropoff)) < 0.01)
        // Off the path (drift): the nearest segment decides which waypoint comes next.
        let drifted = point(240, 270)
        let third = estimator.remainingPathM(from: drifted, waypoints: [corner], start: pickup, to: dropoff)
        #expect(abs(third - (drifted.distance(to: corner) + corner.distance(to: dropoff))) < 0.01)
    }

    @Test("the live ETA along a routed flight is the routed one; the straight estimate is early")
    func liveETAAlongTheRoute() throws {
        let model = FlightModel()
        let flight = routedFlight([pickup, corner, dropoff], model: model)
        var routed = ETAEstimator(
            pickup: pickup, dropoff: dropoff, model: model, route: Assignment.Route(toDropoff: [corner]))
        var straight = ETAEstimator(pickup: pickup, dropoff: dropoff, model: model)
        var previousRaw = Double.infinity
        var estimates: [ETAEstimate] = []
        for sample in flight.samples {
            let estimate = routed.update(with: sample)
            estimates.append(estimate)
            // Exact samples on the path: the raw prediction is the truth to rounding, and never rises.
            #expect(abs(estimate.rawArrival - flight.arrival) < 1, "at \(sample.time) s")
            #expect(estimate.rawArrival <= previousRaw + 0.05)
            previousRaw = estimate.rawArrival
        }
        // Straight legs miss the detour (about 27 s here) at the start of the leg.
        let guess = straight.update(with: flight.samples[0])
        #expect(guess.rawArrival < flight.arrival - 20)
        // The wind estimate stays calm: the drone heads for the corner, not straight for the dropoff.
        for index in [10, 30, 60] {
            #expect(abs(estimates[index].windEast) < 0.5 && abs(estimates[index].windNorth) < 0.5)
        }
    }

    @Test("the pickup ETA adds what the route's remaining waypoints add to the straight way")
    func pickupDetourShrinksAsTheWaypointsArePassed() throws {
        let start = point(-1000, 0)
        var estimator = ETAEstimator(
            pickup: dropoff, dropoff: point(2000, 0), route: Assignment.Route(toPickup: [corner]))
        _ = estimator.update(
            with: ETASample(time: 0, position: start, velocityNorth: 0, velocityEast: 0, phase: .enRouteToPickup))
        let expected = start.distance(to: corner) + corner.distance(to: dropoff) - start.distance(to: dropoff)
        #expect(abs(estimator.pickupDetourM(from: start) - expected) < 0.01)
        let past = point(750, 250)
        _ = estimator.update(
            with: ETASample(time: 100, position: past, velocityNorth: -10, velocityEast: 10, phase: .enRouteToPickup))
        #expect(estimator.pickupDetourM(from: past) < 0.01)
        // A straight flight has no detour.
        #expect(ETAEstimator(pickup: dropoff, dropoff: point(2000, 0)).pickupDetourM(from: start) == 0)
    }
}
