import MAVLink
import Testing

/// The firmware mode numberings kept once in `MAVLink/Modes` (pymavlink cross-checks them against a
/// running simulator in Tests/python/test_sim_pymavlink.py).
@Suite("MAVLink mode tables")
struct FlightModeTableTests {
    @Test("PX4 custom_mode: main mode in bits 16-23, sub mode in 24-31 (px4_custom_mode.h)")
    func px4Encoding() {
        #expect(PX4CustomMode.autoMission.customMode == 4 << 16 | 4 << 24)
        #expect(PX4CustomMode.autoReturnToLaunch.customMode == 4 << 16 | 5 << 24)
        #expect(PX4CustomMode.positionControl.customMode == 3 << 16)
        for sub in PX4CustomMode.AutoSub.allCases {
            let mode = PX4CustomMode(auto: sub)
            #expect(PX4CustomMode(customMode: mode.customMode) == mode)
            #expect(mode.autoSubMode == sub && mode.mainMode == .auto)
        }
        // Bits 0-15 are not part of the mode; an unknown pair decodes unchanged.
        #expect(PX4CustomMode(customMode: PX4CustomMode.autoLand.customMode | 0xFFFF) == .autoLand)
        let unknown = PX4CustomMode(customMode: 42 << 16 | 7 << 24)
        #expect(unknown.main == 42 && unknown.sub == 7 && unknown.mainMode == nil)
        #expect(PX4CustomMode(.manual).autoSubMode == nil)
    }

    @Test("ArduCopter mode numbers and names (ArduCopter/mode.h)")
    func arduCopterNumbers() {
        #expect(ArduCopterMode.stabilize.rawValue == 0 && ArduCopterMode.auto.rawValue == 3)
        #expect(ArduCopterMode.guided.rawValue == 4 && ArduCopterMode.loiter.rawValue == 5)
        #expect(ArduCopterMode.rtl.rawValue == 6 && ArduCopterMode.land.rawValue == 9)
        #expect(ArduCopterMode.auto.name == "AUTO" && ArduCopterMode(rawValue: 8).name == nil)
        let numbers = ArduCopterMode.named.map(\.mode.rawValue)
        #expect(Set(numbers).count == numbers.count)
        #expect(Set(ArduCopterMode.named.map(\.name)).count == numbers.count)
    }

    @Test("HEARTBEAT autopilot values")
    func autopilotValues() {
        #expect(MAVAutopilot.px4.rawValue == 12 && MAVAutopilot.ardupilotmega.rawValue == 3)
    }
}
