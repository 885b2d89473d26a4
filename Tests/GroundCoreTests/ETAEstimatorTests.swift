import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore

/// A drone flying due east to the dropoff at a constant ground speed, braking at the model's
/// deceleration and then descending to release height: returns the samples and the true release time.
private func straightFlight(distance: Double, groundSpeed: Double, noise: Double = 0, seed: UInt64 = 1)
    -> (samples: [ETASample], dropoff: GeoPoint, trueArrival: Double)
{
    let model = FlightModel()
    let start = GeoPoint(lat: 47, lon: 8)
    let dropoff = start.moved(east: distance, north: 0)
    var generator = SeededGenerator(seed: seed)
    func gaussian() -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator),
            u2 = Double.random(in: 0..<1, using: &generator)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2) * noise
    }
    let brakingDistance = groundSpeed * groundSpeed / (2 * model.acceleration)
    let cruiseEnd = (distance - brakingDistance) / groundSpeed
    let overhead = groundSpeed / model.acceleration
    let overDropoff = cruiseEnd + overhead
    let t0 = 1_000_000.0
    var samples: [ETASample] = []
    var t = 0.0
    while t < overDropoff {
        let (x, v): (Double, Double)
        if t <= cruiseEnd {
            (x, v) = (groundSpeed * t, groundSpeed)
        } else {
            let dt = t - cruiseEnd
            (x, v) = (
                groundSpeed * cruiseEnd + groundSpeed * dt - model.acceleration * dt * dt / 2,
                groundSpeed - model.acceleration * dt
            )
        }
        samples.append(
            ETASample(
                time: t0 + t, position: start.moved(east: x + gaussian() * 3, north: gaussian() * 3),
                velocityNorth: gaussian(), velocityEast: v + gaussian(), phase: .enRouteToDropoff))
        t += 1
    }
    let release = (model.cruiseAltitude - model.releaseAltitude) / model.descentRate
    return (samples, dropoff, t0 + overDropoff + release)
}

private func run(_ flight: (samples: [ETASample], dropoff: GeoPoint, trueArrival: Double)) -> [ETAEstimate] {
    var estimator = ETAEstimator(pickup: GeoPoint(lat: 46.99, lon: 8), dropoff: flight.dropoff)
    return flight.samples.map { estimator.update(with: $0) }
}

@Suite struct ETAEstimatorTests {
    @Test func straightFlightDecreasesMonotonicallyAndConverges() throws {
        let flight = straightFlight(distance: 6000, groundSpeed: 15)
        let estimates = run(flight)
        for (previous, next) in zip(estimates, estimates.dropFirst()) {
            #expect(next.remainingSeconds < previous.remainingSeconds)
        }
        let last = try #require(estimates.last)
        #expect(abs(last.arrival - flight.trueArrival) < 0.5)
        #expect(abs(try #require(estimates.first).arrival - flight.trueArrival) < 1)
    }

    @Test func headwindLengthensTheETAAndIsLearned() throws {
        let calm = run(straightFlight(distance: 6000, groundSpeed: 15))
        let windy = straightFlight(distance: 6000, groundSpeed: 10)
        let estimates = run(windy)
        // After a minute of cruising into 5 m/s of headwind the ETA is clearly later than in calm air.
        #expect(estimates[60].remainingSeconds > calm[60].remainingSeconds + 100)
        #expect(estimates[60].windEast < -4 && estimates[60].windEast > -6)
        // Within 2 s at release: the smoothing lags the final braking a little after a wind change.
        let lastError = try #require(estimates.last).arrival - windy.trueArrival
        #expect(abs(lastError) < 2, "last estimate off by \(lastError) s")
        #expect(abs(estimates[200].arrival - windy.trueArrival) < 5)
    }

    @Test func noiseIsDamped() throws {
        let flight = straightFlight(distance: 6000, groundSpeed: 15, noise: 1.5, seed: 99)
        let estimates = run(flight)
        func jitter(_ values: [Double]) -> Double {
            zip(values, values.dropFirst()).map { abs($1 - $0) }.reduce(0, +) / Double(values.count - 1)
        }
        let steady = Array(estimates[20..<300])
        let raw = jitter(steady.map(\.rawArrival)), smoothed = jitter(steady.map(\.arrival))
        #expect(smoothed < raw * 0.3, "raw \(raw) smoothed \(smoothed)")
        #expect(abs(try #require(estimates.last).arrival - flight.trueArrival) < 3)
    }

    @Test func loadingAtPickupCountsDown() {
        let model = FlightModel()
        let pickup = GeoPoint(lat: 47, lon: 8)
        let dropoff = pickup.moved(east: 3000, north: 0)
        var estimator = ETAEstimator(pickup: pickup, dropoff: dropoff, model: model)
        let first = estimator.update(
            with: ETASample(time: 0, position: pickup, velocityNorth: 0, velocityEast: 0, phase: .atPickup))
        let later = estimator.update(
            with: ETASample(time: 10, position: pickup, velocityNorth: 0, velocityEast: 0, phase: .atPickup))
        let expected = model.pickupToReleaseSeconds(distance: pickup.distance(to: dropoff))
        #expect(abs(first.remainingSeconds - expected) < 1e-6)
        #expect(abs(later.arrival - first.arrival) < 1e-6)
        #expect(abs(later.remainingSeconds - (expected - 10)) < 1e-6)
    }
}
