import DroneAgent
import FleetProtocol
import TestSupport
import Testing

@testable import GroundCore

private let base = GeoPoint(lat: 47.0, lon: 8.0)

private func point(_ east: Double, _ north: Double) -> GeoPoint { base.moved(east: east, north: north) }

private func drone(_ id: String, at position: GeoPoint, percent: Double = 100, online: Bool = true, busy: Bool = false)
    -> AvailableDrone
{
    AvailableDrone(id: id, position: position, home: position, batteryPercent: percent, online: online, busy: busy)
}

@Suite struct SchedulerTests {
    let scheduler = Scheduler()

    @Test func flatCostsAndReasonsAreTheFullEvaluationsBitForBit() {
        var generator = SeededGenerator(seed: 23)
        for _ in 0..<60 {
            func random(_ size: Double = 12_000) -> GeoPoint {
                point(Double.random(in: 0...size, using: &generator), Double.random(in: 0...size, using: &generator))
            }
            var drones: [AvailableDrone] = []
            for index in 0..<Int.random(in: 1...8, using: &generator) {
                let home = random()
                // Some idle away from home, some low.
                let position = Bool.random(using: &generator) ? home : random()
                let percent = Double.random(in: 5...100, using: &generator)
                drones.append(AvailableDrone(id: "q\(index)", position: position, home: home, batteryPercent: percent))
            }
            var deliveries: [PendingDelivery] = []
            for index in 0..<Int.random(in: 1...8, using: &generator) {
                let excluded: Set<String> = index % 3 == 0 ? ["q0"] : []
                let only: String? = index % 5 == 1 ? "q1" : nil
                let payload = Double.random(in: 0...3, using: &generator)
                deliveries.append(
                    PendingDelivery(
                        id: "d\(index)", pickup: random(), dropoff: random(), payloadKg: payload,
                        requestedAt: Double(index), excludedDrones: excluded, onlyDrone: only))
            }
            let (flat, codes) = scheduler.flatCosts(deliveries: deliveries, drones: drones)
            let evaluations = deliveries.map { delivery in drones.map { scheduler.evaluate(delivery, $0) } }
            #expect(flat == scheduler.costMatrix(deliveries: deliveries, evaluations: evaluations))
            for (row, delivery) in deliveries.enumerated() {
                for (column, drone) in drones.enumerated() {
                    let code = codes[row * drones.count + column]
                    switch scheduler.evaluate(delivery, drone) {
                    case .feasible: #expect(code == 0)
                    case let .infeasible(reason): #expect(code == Scheduler.code(reason))
                    }
                }
            }
            for _ in 0..<20 {
                let a = random(40_000), b = random(40_000)
                #expect(HaversinePoint(a).distance(to: HaversinePoint(b)) == a.distance(to: b))
            }
        }
    }

    /// Batteries set to within a hair of each pair's need, pickups next to the drones and several time
    /// quanta: the pairs the series distances cannot decide go the exact way, with the same results.
    @Test func flatCostsMatchTheFullEvaluationsAtTheLimits() {
        var generator = SeededGenerator(seed: 523)
        let profile = VehicleProfile.default
        let model = EnergyModel(vehicle: profile)
        let reserveWh = profile.batteryCapacityWh * profile.reserveFraction
        for quantum in [0.001, 0.37, 1, 7.5] {
            var scheduler = Scheduler()
            scheduler.timeQuantum = quantum
            for _ in 0..<40 {
                func random(_ size: Double = 9_000) -> GeoPoint {
                    point(
                        Double.random(in: 0...size, using: &generator), Double.random(in: 0...size, using: &generator))
                }
                let delivery = PendingDelivery(
                    id: "d", pickup: random(), dropoff: random(),
                    payloadKg: Double.random(in: 0...2.5, using: &generator),
                    requestedAt: 0)
                var drones: [AvailableDrone] = []
                for index in 0..<12 {
                    // Some right next to the pickup (inside the speed ramps), some away from home.
                    let home =
                        index % 4 == 0
                        ? delivery.pickup.moved(
                            east: Double.random(in: -60...60, using: &generator),
                            north: Double.random(in: -60...60, using: &generator))
                        : random()
                    let position = index % 3 == 0 ? random() : home
                    var candidate = AvailableDrone(id: "q\(index)", position: position, home: home, batteryPercent: 100)
                    guard case let .feasible(pair) = scheduler.evaluate(delivery, candidate) else { continue }
                    let need = (pair.energyWh + reserveWh) / profile.batteryCapacityWh * 100
                    let nudge = [-1e-9, -1e-13, 0, 1e-13, 1e-9][index % 5]
                    candidate.batteryPercent = min(need * (1 + nudge), 100)
                    drones.append(candidate)
                }
                guard !drones.isEmpty else { continue }
                let (flat, codes) = scheduler.flatCosts(deliveries: [delivery], drones: drones)
                let evaluations = [drones.map { scheduler.evaluate(delivery, $0) }]
                #expect(flat == scheduler.costMatrix(deliveries: [delivery], evaluations: evaluations))
                for (column, evaluation) in evaluations[0].enumerated() {
                    switch evaluation {
                    case .feasible: #expect(codes[column] == 0)
                    case let .infeasible(reason): #expect(codes[column] == Scheduler.code(reason))
                    }
                }
                #expect(model.energyWh(atPercent: 100) > reserveWh)
            }
        }
    }

    @Test func seriesDistancesStayWithinTheirBound() {
        var generator = SeededGenerator(seed: 61)
        for _ in 0..<20_000 {
            let scale = [30.0, 3_000, 60_000][Int.random(in: 0...2, using: &generator)]
            let a = point(
                Double.random(in: 0...scale, using: &generator), Double.random(in: 0...scale, using: &generator))
            let b = a.moved(
                east: Double.random(in: -scale...scale, using: &generator),
                north: Double.random(in: -scale...scale, using: &generator))
            let exact = HaversinePoint(a).distance(to: HaversinePoint(b))
            guard let series = HalfAnglePoint(HaversinePoint(a)).distance(to: HalfAnglePoint(HaversinePoint(b))) else {
                #expect(exact > 60_000)
                continue
            }
            #expect(abs(series - exact) <= HalfAnglePoint.errorBound(series) / 10)
        }
    }

    @Test func totalTimeToPickupIsOptimalOnRandomInstances() {
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<150 {
            func random() -> GeoPoint {
                point(Double.random(in: 0...4000, using: &generator), Double.random(in: 0...4000, using: &generator))
            }
            let deliveries = (0..<Int.random(in: 1...6, using: &generator)).map { index in
                PendingDelivery(
                    id: "d\(index)", pickup: random(), dropoff: random(),
                    payloadKg: Double.random(in: 0...3, using: &generator), requestedAt: Double(index))
            }
            let drones = (0..<Int.random(in: 1...6, using: &generator)).map { index in
                drone("q\(index)", at: random(), percent: Double.random(in: 25...100, using: &generator))
            }
            let result = scheduler.schedule(deliveries: deliveries, drones: drones, now: 0)

            var reference = CostMatrix(rows: deliveries.count, columns: drones.count)
            for (r, delivery) in deliveries.enumerated() {
                for (c, candidate) in drones.enumerated() {
                    if case let .feasible(pair) = scheduler.evaluate(delivery, candidate) {
                        reference[r, c] = pair.secondsToPickup
                    }
                }
            }
            let best = bruteForce(reference)
            #expect(result.assignments.count == best.count)
            // Costs are quantised to 1 ms per pair.
            #expect(abs(result.totalSecondsToPickup - best.cost) <= 0.001 * Double(max(best.count, 1)))
            #expect(result.assignments.count + result.unassigned.count == deliveries.count)
            #expect(Set(result.assignments.map(\.droneID)).count == result.assignments.count)
        }
    }

    @Test func moreDeliveriesThanDronesAndViceVersa() {
        let drones = [drone("a", at: point(0, 0)), drone("b", at: point(3000, 0))]
        let deliveries = [
            PendingDelivery(
                id: "near-a", pickup: point(100, 0), dropoff: point(500, 500), payloadKg: 1, requestedAt: 0),
            PendingDelivery(
                id: "near-b", pickup: point(2900, 0), dropoff: point(2500, 500), payloadKg: 1, requestedAt: 0),
            PendingDelivery(
                id: "far", pickup: point(1500, 2000), dropoff: point(1500, 2500), payloadKg: 1, requestedAt: 0),
        ]
        let result = scheduler.schedule(deliveries: deliveries, drones: drones, now: 1000)
        #expect(
            Dictionary(uniqueKeysWithValues: result.assignments.map { ($0.deliveryID, $0.droneID) }) == [
                "near-a": "a", "near-b": "b",
            ])
        #expect(result.unassigned == ["far": .dronesAssignedElsewhere])
        for assignment in result.assignments {
            #expect(assignment.etaPickup > 1000 && assignment.etaDropoff > assignment.etaPickup)
        }

        let single = scheduler.schedule(deliveries: [deliveries[1]], drones: drones, now: 0)
        #expect(single.assignments.map(\.droneID) == ["b"])
        #expect(single.unassigned.isEmpty)
    }

    @Test func tiesGoToTheDeliveryWaitingLongest() {
        // One drone exactly between two pickups: equal time to pickup.
        let drones = [drone("a", at: point(0, 0))]
        for (oldest, newest) in [("left", "right"), ("right", "left")] {
            let deliveries = [
                PendingDelivery(
                    id: "left", pickup: point(-1000, 0), dropoff: point(-1000, 300), payloadKg: 1,
                    requestedAt: oldest == "left" ? 100 : 200),
                PendingDelivery(
                    id: "right", pickup: point(1000, 0), dropoff: point(1000, 300), payloadKg: 1,
                    requestedAt: oldest == "right" ? 100 : 200),
            ]
            let result = scheduler.schedule(deliveries: deliveries, drones: drones, now: 300)
            #expect(result.assignments.map(\.deliveryID) == [oldest])
            #expect(result.unassigned[newest] == .dronesAssignedElsewhere)
        }
    }

    @Test func waitNeverOverridesAStrictlyBetterTotal() {
        // The older request is 2 ms of flight further away: not a tie, so the closer one wins.
        let drones = [drone("a", at: point(0, 0))]
        let deliveries = [
            PendingDelivery(
                id: "old-far", pickup: point(-1000.03, 0), dropoff: point(-1000, 300), payloadKg: 1, requestedAt: 0),
            PendingDelivery(
                id: "new-near", pickup: point(1000, 0), dropoff: point(1000, 300), payloadKg: 1, requestedAt: 1_000_000),
        ]
        let result = scheduler.schedule(deliveries: deliveries, drones: drones, now: 0)
        #expect(result.assignments.map(\.deliveryID) == ["new-near"])
    }

    @Test func rejectedDroneIsSkippedForTheNextBest() {
        let drones = [drone("near", at: point(0, 0)), drone("far", at: point(2000, 0))]
        var delivery = PendingDelivery(
            id: "d", pickup: point(100, 0), dropoff: point(100, 500), payloadKg: 1, requestedAt: 0)
        #expect(
            scheduler.schedule(deliveries: [delivery], drones: drones, now: 0).assignments.map(\.droneID) == ["near"])
        delivery.excludedDrones = ["near"]
        #expect(
            scheduler.schedule(deliveries: [delivery], drones: drones, now: 0).assignments.map(\.droneID) == ["far"])
        delivery.excludedDrones = ["near", "far"]
        #expect(
            scheduler.schedule(deliveries: [delivery], drones: drones, now: 0).unassigned == ["d": .allDronesRejected])
    }

    @Test func unassignedReasons() throws {
        let here = point(0, 0)
        func reason(_ delivery: PendingDelivery, _ drones: [AvailableDrone], _ scheduler: Scheduler = Scheduler())
            -> UnassignedReason?
        {
            scheduler.schedule(deliveries: [delivery], drones: drones, now: 0).unassigned[delivery.id]
        }
        let ordinary = PendingDelivery(
            id: "d", pickup: point(500, 0), dropoff: point(500, 800), payloadKg: 1, requestedAt: 0)
        #expect(reason(ordinary, []) == .noDroneAvailable)
        #expect(
            reason(ordinary, [drone("off", at: here, online: false), drone("busy", at: here, busy: true)])
                == .noDroneAvailable)

        var heavy = ordinary
        heavy.payloadKg = 2.6
        #expect(reason(heavy, [drone("a", at: here)]) == .payloadTooHeavy)

        // 50 % battery leaves 75 Wh above the 20 % reserve, far below a 20 km round trip.
        let distant = PendingDelivery(
            id: "d", pickup: point(10_000, 0), dropoff: point(10_000, 10_000), payloadKg: 1, requestedAt: 0)
        #expect(reason(distant, [drone("a", at: here, percent: 50)]) == .insufficientRange)
        #expect(reason(ordinary, [drone("a", at: here, percent: 50)]) == nil)

        let area = ServiceArea(
            try Geofence(vertices: [point(-100, -100), point(2000, -100), point(2000, 2000), point(-100, 2000)]))
        let fenced = Scheduler(serviceArea: area)
        #expect(reason(ordinary, [drone("a", at: here)], fenced) == nil)
        let outside = PendingDelivery(
            id: "d", pickup: point(500, 0), dropoff: point(5000, 0), payloadKg: 1, requestedAt: 0)
        #expect(reason(outside, [drone("a", at: here)], fenced) == .outsideServiceArea)
        // Delivery inside, but the drone's leg to the pickup leaves the area.
        #expect(reason(ordinary, [drone("a", at: point(-3000, 0))], fenced) == .outsideServiceArea)
    }

    @Test("ground offers exactly what the agent's acceptance check accepts on energy, per drone profile")
    func feasibilityMatchesTheAgentsAcceptanceCheck() {
        var generator = SeededGenerator(seed: 77)
        var small = VehicleProfile.default
        small.batteryCapacityWh = 120
        small.reserveFraction = 0.3
        var large = VehicleProfile.default
        large.batteryCapacityWh = 500
        large.hoverPowerW = 800
        large.defaultCruiseAltitudeM = 80
        var accepted = 0, refused = 0
        for profile in [VehicleProfile.default, small, large] {
            let agent = AcceptanceCheck(profile: profile, geofence: nil)
            for _ in 0..<200 {
                func random() -> GeoPoint {
                    point(
                        Double.random(in: -3000...3000, using: &generator),
                        Double.random(in: -3000...3000, using: &generator))
                }
                let home = random()
                let percent = Double.random(in: 20...100, using: &generator)
                let delivery = PendingDelivery(
                    id: "d", pickup: random(), dropoff: random(),
                    payloadKg: Double.random(in: 0...2.5, using: &generator), requestedAt: 0)
                let candidate = AvailableDrone(
                    id: "q", position: home, home: home, batteryPercent: percent, profile: profile)
                let groundFeasible: Bool
                switch scheduler.evaluate(delivery, candidate) {
                case .feasible: groundFeasible = true
                case .infeasible(let reason):
                    #expect(reason == .insufficientRange)
                    groundFeasible = false
                }
                var vehicle = VehicleState()
                vehicle.autopilotAlive = true
                vehicle.gps = .init(fixType: 3, satellites: 12)
                vehicle.position = .init(lat: home.lat, lon: home.lon, altAmslM: 400, altRelM: 0)
                vehicle.home = home
                vehicle.batteryPercent = percent
                vehicle.landedState = .onGround
                // The assignment ground sends carries the drone's own cruise altitude and loading time.
                let assignment = Assignment(
                    assignmentID: "a", deliveryID: "d", pickup: delivery.pickup, dropoff: delivery.dropoff,
                    payloadKg: delivery.payloadKg, cruiseAltitudeM: profile.defaultCruiseAltitudeM,
                    loadingSeconds: profile.loadingSeconds)
                let verdict = agent.evaluate(assignment, vehicle: vehicle, busy: false)
                #expect(verdict == nil || verdict?.reason == .insufficientBattery)
                #expect(groundFeasible == (verdict == nil), "profile \(profile.batteryCapacityWh) Wh at \(percent) %")
                if groundFeasible { accepted += 1 } else { refused += 1 }
            }
        }
        // Both outcomes occur, so the comparison is not vacuous.
        #expect(accepted > 50 && refused > 50)
    }

    @Test func eachDroneIsPlannedWithItsOwnBattery() {
        var big = VehicleProfile.default
        big.batteryCapacityWh = 500
        let here = point(0, 0)
        let delivery = PendingDelivery(
            id: "d", pickup: point(6000, 0), dropoff: point(6000, 6000), payloadKg: 1, requestedAt: 0)
        let result = scheduler.schedule(
            deliveries: [delivery],
            drones: [
                AvailableDrone(id: "small", position: here, home: here, batteryPercent: 90),
                AvailableDrone(id: "big", position: point(50, 0), home: point(50, 0), batteryPercent: 90, profile: big),
            ],
            now: 0)
        // About 265 Wh for the 20 km route plus the 20 % reserve: the closer 250 Wh drone cannot make it at 90 %,
        // the 500 Wh one can.
        #expect(result.assignments.map(\.droneID) == ["big"])
    }
}
