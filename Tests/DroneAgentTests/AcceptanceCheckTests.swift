import DroneAgent
import FleetProtocol
import Testing

/// The acceptance checks alone, on hand-made vehicle states (the full path is covered by the flight tests).
@Suite("Acceptance checks")
struct AcceptanceCheckTests {
    static let home = GeoPoint(lat: 47.3769, lon: 8.5417)

    static var healthy: VehicleState {
        var state = VehicleState()
        state.autopilotAlive = true
        state.gps = .init(fixType: 3, satellites: 12)
        state.position = .init(lat: home.lat, lon: home.lon, altAmslM: 400, altRelM: 0)
        state.home = home
        state.batteryPercent = 100
        state.landedState = .onGround
        return state
    }

    static func fence(halfSizeM: Double) throws -> Geofence {
        try Geofence(
            vertices: [45.0, 135, 225, 315].map {
                home.destination(distanceM: halfSizeM * 2.0.squareRoot(), bearingDeg: $0)
            })
    }

    static func assignment(pickupM: Double = 500, dropoffM: Double = 800, payloadKg: Double = 1) -> Assignment {
        Assignment(
            assignmentID: "a", deliveryID: "d", pickup: home.destination(distanceM: pickupM, bearingDeg: 0),
            dropoff: home.destination(distanceM: dropoffM, bearingDeg: 90), payloadKg: payloadKg)
    }

    let check: AcceptanceCheck

    init() throws {
        check = AcceptanceCheck(profile: .default, geofence: try Self.fence(halfSizeM: 2000))
    }

    @Test("a short route with a healthy, idle vehicle is accepted")
    func accepts() {
        #expect(check.evaluate(Self.assignment(), vehicle: Self.healthy, busy: false) == nil)
    }

    @Test("busy, too heavy, unhealthy, outside the fence and beyond range each give their reason")
    func rejections() {
        #expect(check.evaluate(Self.assignment(), vehicle: Self.healthy, busy: true)?.reason == .busy)
        #expect(
            check.evaluate(Self.assignment(payloadKg: 2.6), vehicle: Self.healthy, busy: false)?.reason
                == .payloadTooHeavy)
        var noFix = Self.healthy
        noFix.gps = .init(fixType: 1, satellites: 3)
        #expect(check.evaluate(Self.assignment(), vehicle: noFix, busy: false)?.reason == .vehicleUnhealthy)
        var failsafe = Self.healthy
        failsafe.systemStatus = 5
        #expect(check.evaluate(Self.assignment(), vehicle: failsafe, busy: false)?.reason == .vehicleUnhealthy)
        var lost = Self.healthy
        lost.autopilotAlive = false
        #expect(check.evaluate(Self.assignment(), vehicle: lost, busy: false)?.reason == .vehicleUnhealthy)
        #expect(
            check.evaluate(Self.assignment(dropoffM: 2500), vehicle: Self.healthy, busy: false)?.reason
                == .outsideGeofence)
        let noFence = AcceptanceCheck(profile: .default, geofence: nil)
        #expect(
            noFence.evaluate(
                Self.assignment(pickupM: 5000, dropoffM: 15_000, payloadKg: 2.5), vehicle: Self.healthy, busy: false)?
                .reason == .insufficientBattery)
    }

    @Test("the reserve decides near the limit: the same route passes at full battery and fails at a lower charge")
    func reserve() throws {
        let noFence = AcceptanceCheck(profile: .default, geofence: nil)
        let route = Self.assignment(pickupM: 2000, dropoffM: 3000, payloadKg: 2)
        let estimate = EnergyModel().estimate(RoutePlan(assignment: route, home: Self.home))
        // Just enough charge for route plus 20 % reserve, and 2 % less than that.
        let neededPercent = estimate.requiredEnergyWh / VehicleProfile.default.batteryCapacityWh * 100
        try #require(neededPercent < 98)
        var enough = Self.healthy
        enough.batteryPercent = (neededPercent + 1).rounded(.up)
        #expect(noFence.evaluate(route, vehicle: enough, busy: false) == nil)
        var short = Self.healthy
        short.batteryPercent = (neededPercent - 2).rounded(.down)
        #expect(noFence.evaluate(route, vehicle: short, busy: false)?.reason == .insufficientBattery)
        // A smaller reserve accepts what the default reserve refused.
        var lenient = VehicleProfile.default
        lenient.reserveFraction = 0.05
        #expect(AcceptanceCheck(profile: lenient, geofence: nil).evaluate(route, vehicle: short, busy: false) == nil)
    }
}
