import FleetProtocol
import GroundCore

/// A busy moment of a delivery day for the day planner: `drones` drones of which a third are flying a
/// job (free at home in up to 20 minutes) and a tenth are low, 3 charging depots, and `deliveries` open
/// deliveries in a 10 km square, 20 % express, 30 % with a pickup window in the next two hours, 40 %
/// with a deadline.
struct PlannerInstance {
    var drones: [PlannerDrone]
    var deliveries: [PlannerJob]
    var depots: [Depot]
    let now = 1_800_000_000.0

    init(drones count: Int, deliveries open: Int, seed: UInt64) {
        var generator = SplitMix64(state: seed)
        let origin = GeoPoint(lat: 47.37, lon: 8.54)
        func random() -> GeoPoint {
            origin.moved(
                east: Double.random(in: 0..<10_000, using: &generator),
                north: Double.random(in: 0..<10_000, using: &generator))
        }
        depots = (0..<3).map { index in
            let at = origin.moved(east: 2_500 + Double(index) * 2_500, north: 5_000)
            return Depot(
                depotID: "dep\(index)", lat: at.lat, lon: at.lon, pads: 8, chargePowerW: 400, swapSeconds: 120,
                mode: index == 2 ? .swap : .charge)
        }
        let homes = depots.map(\.location)
        let now = self.now
        drones = (0..<count).map { index in
            let home = homes[index % homes.count]
            let busy = index % 3 == 0
            let low = index % 10 == 1
            return PlannerDrone(
                id: "q\(index)", home: home, position: busy ? home : home,
                availableAt: busy ? now + Double.random(in: 60...1_200, using: &generator) : now,
                energyWh: low ? 40 : Double.random(in: 120...250, using: &generator))
        }
        deliveries = (0..<open).map { index in
            let windowed = index % 10 < 3
            let start = now + Double.random(in: 0...7_200, using: &generator)
            return PlannerJob(
                id: "o\(index)", pickup: random(), dropoff: random(), payloadKg: 1,
                requestedAt: now - Double(open - index),
                earliestPickup: windowed ? start : nil, latestPickup: windowed ? start + 1_800 : nil,
                deadline: index % 10 < 4 ? (windowed ? start + 3_600 : now + 5_400) : nil,
                priority: index % 5 == 0 ? .express : .standard)
        }
    }
}
