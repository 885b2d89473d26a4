import FleetProtocol
import Testing

@Suite("Energy model")
struct EnergyModelTests {
    let model = EnergyModel()
    let home = GeoPoint(lat: 47.37, lon: 8.53)

    func route(pickupKm: Double, dropoffKm: Double, payloadKg: Double = 1) -> RoutePlan {
        let pickup = home.destination(distanceM: pickupKm * 1000, bearingDeg: 0)
        let dropoff = pickup.destination(distanceM: dropoffKm * 1000, bearingDeg: 90)
        return RoutePlan(
            home: home, pickup: pickup, dropoff: dropoff, payloadKg: payloadKg, cruiseAltitudeM: 60, loadingSeconds: 30)
    }

    @Test func canonicalVehicle() {
        let v = VehicleProfile.default
        #expect(v.cruiseSpeedMps == 15 && v.batteryCapacityWh == 250 && v.maxPayloadKg == 2.5 && v.hoverPowerW == 700)
        // ~18 km still-air range on 80 % of the battery at cruise.
        #expect(abs(v.maxRangeM * 0.8 - 18_000) < 1)
        #expect(abs(v.packVoltage(percent: 100) - 25.2) < 1e-9)
        #expect(abs(v.packVoltage(percent: 0) - 19.8) < 1e-9)
        #expect(v.packVoltage(percent: 50) > v.packVoltage(percent: 20))
        // Knee: the last 10 % lose more voltage per percent than the linear part.
        let linearSlope = (v.packVoltage(percent: 60) - v.packVoltage(percent: 50)) / 10
        let kneeSlope = (v.packVoltage(percent: 10) - v.packVoltage(percent: 0)) / 10
        #expect(kneeSlope > linearSlope)
    }

    @Test func legsAddUpAndIncludeOverheads() throws {
        let estimate = model.estimate(route(pickupKm: 2, dropoffKm: 3))
        #expect(estimate.legs.map(\.leg) == [.toPickup, .toDropoff, .toHome])
        #expect(abs(estimate.totalDistanceM - estimate.legs.map(\.distanceM).reduce(0, +)) < 1e-6)
        let toPickup = try #require(estimate.leg(.toPickup))
        // 2 km at 15 m/s = 133 s, + 20 s climb + 30 s descent + 30 s loading + 5 s acceleration overhead.
        #expect(abs(toPickup.durationS - (2000.0 / 15 + 20 + 30 + 30 + 5)) < 1)
        #expect(abs(toPickup.distanceM - 2000) < 1)
        #expect(estimate.reserveWh == 50)
        #expect(estimate.requiredEnergyWh == estimate.totalEnergyWh + 50)
    }

    @Test func longerRouteAndPayloadCostMore() {
        let short = model.estimate(route(pickupKm: 1, dropoffKm: 1))
        let long = model.estimate(route(pickupKm: 3, dropoffKm: 4))
        #expect(long.totalEnergyWh > short.totalEnergyWh)
        #expect(long.totalDurationS > short.totalDurationS)
        let light = model.estimate(route(pickupKm: 2, dropoffKm: 2, payloadKg: 0))
        let heavy = model.estimate(route(pickupKm: 2, dropoffKm: 2, payloadKg: 2.5))
        #expect(heavy.totalEnergyWh > light.totalEnergyWh)
        #expect(heavy.leg(.toPickup) == light.leg(.toPickup))
    }

    @Test func feasibilityMatchesRange() {
        // A 3+3+~4.2 km delivery fits a full battery with reserve; an 8+8+~11.3 km one does not.
        let full = model.energyWh(atPercent: 100)
        #expect(model.estimate(route(pickupKm: 3, dropoffKm: 3)).isFeasible(availableWh: full))
        #expect(!model.estimate(route(pickupKm: 8, dropoffKm: 8)).isFeasible(availableWh: full))
        // Roughly the range figure: energy per km of plain cruise is 600 W / 15 m/s = 11.1 Wh/km.
        let e = model.estimate(route(pickupKm: 4, dropoffKm: 4, payloadKg: 0))
        #expect(e.totalEnergyWh > e.totalDistanceM / 1000 * 11.1)
        #expect(e.totalEnergyWh < e.totalDistanceM / 1000 * 11.1 + 40)
    }

    @Test func remainingShrinksAlongTheRoute() throws {
        let plan = route(pickupKm: 2, dropoffKm: 3)
        let full = model.estimate(plan)
        let atStart = model.remaining(plan, from: home, altitudeRelM: 0, phase: .accepted)
        #expect(abs(atStart.durationS - full.totalDurationS) < 1)
        #expect(abs(atStart.energyWh - full.totalEnergyWh) < 0.5)
        #expect(abs(atStart.untilPickupS - (try #require(full.leg(.toPickup)).durationS - 30)) < 1)

        let halfway = home.destination(distanceM: 1000, bearingDeg: 0)
        let enRoute = model.remaining(plan, from: halfway, altitudeRelM: 60, phase: .enRouteToPickup)
        #expect(enRoute.durationS < atStart.durationS)
        #expect(enRoute.untilDropoffS < atStart.untilDropoffS)
        let towardsDropoff = model.remaining(plan, from: plan.pickup, altitudeRelM: 60, phase: .enRouteToDropoff)
        #expect(towardsDropoff.untilPickupS == 0)
        #expect(towardsDropoff.untilDropoffS < enRoute.untilDropoffS)
        let returning = model.remaining(plan, from: plan.dropoff, altitudeRelM: 60, phase: .returning)
        #expect(returning.untilDropoffS == 0)
        #expect(returning.durationS < towardsDropoff.durationS)
        #expect(abs(returning.distanceM - plan.dropoff.distance(to: home)) < 1)
        for phase in [AssignmentPhase.landed, .completed, .aborted, .rejected] {
            #expect(model.remaining(plan, from: home, altitudeRelM: 0, phase: phase).durationS == 0)
        }
    }
}
