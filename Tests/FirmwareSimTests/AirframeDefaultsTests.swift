import FirmwareSim
import FleetProtocol
import Testing

/// The simulator's airframe and the wire contract's vehicle profile are separate types on purpose,
/// but the canonical SR-Quad must be the same vehicle in both: the agent and ground plan with
/// `VehicleProfile.default`, firmware-sim flies `AirframeModel()`.
@Suite("firmware-sim airframe defaults")
struct AirframeDefaultsTests {
    @Test("AirframeModel() is FleetProtocol's VehicleProfile.default")
    func sameCanonicalVehicle() {
        let sim = AirframeModel()
        let wire = VehicleProfile.default
        #expect(sim.cruiseSpeed == wire.cruiseSpeedMps)
        #expect(sim.horizontalAcceleration == wire.horizontalAccelMps2)
        #expect(sim.climbRate == wire.climbRateMps)
        #expect(sim.descentRate == wire.descentRateMps)
        #expect(sim.cruiseAltitude == wire.defaultCruiseAltitudeM)
        #expect(sim.maxPayload == wire.maxPayloadKg)
        #expect(sim.emptyMass == wire.emptyMassKg)
        #expect(sim.batteryCapacityWh == wire.batteryCapacityWh)
        #expect(sim.batteryCells == wire.cellCount)
        #expect(sim.cellVoltageFull == wire.cellFullV)
        #expect(sim.cellVoltageEmpty == wire.cellEmptyV)
        #expect(sim.hoverPower == wire.hoverPowerW)
        #expect(sim.cruisePower == wire.cruisePowerW)
        #expect(sim.payloadPowerPerKg == wire.payloadPowerWPerKg)
        #expect(sim.climbPower == wire.climbExtraPowerW)
        #expect(sim.returnBatteryFraction * 100 == wire.failsafeReturnPercent)
        #expect(sim.landBatteryFraction * 100 == wire.failsafeLandPercent)
    }

    @Test("one Earth radius: the simulator's projection uses FleetProtocol's mean radius")
    func sameEarthRadius() {
        #expect(LocalProjection.earthRadius == GeoPoint.earthRadiusM)
    }
}
