import FleetProtocol
import Foundation
import TestSupport
import Testing

@testable import GroundCore

/// A drone's alarm event, received over a real broker, opens an operator alert once.
@Suite("Alarm alerts")
struct AlarmAlertTests {
    @Test(.timeLimit(TestPace.timeLimit(minutes: 1)))
    func aDroneAlarmOpensOneAlert() async throws {
        let h = try await IngestHarness()
        do {
            try await h.waitForIngest()
            for seq in [1, 2] as [UInt64] {
                let event = DroneEvent(
                    droneID: try DroneID("alarm-1"), eventSeq: seq, timeMs: DronePeer.nowMs(), assignmentID: nil,
                    position: .init(lat: 47.37, lon: 8.54, altAmslM: 460, altRelM: 30), batteryPercent: 15,
                    kind: .alarm(code: .lowBattery, severity: .warning, message: "battery at 15 %"))
                try await h.peer.publish(event, drone: "alarm-1")
            }
            try await waitUntil("both alarms stored") { try await h.store.eventCount(droneID: "alarm-1") == 2 }
            let open = try await h.alerts.list(includeResolved: false, limit: 10)
            #expect(open.map(\.kind) == [.alarm], "a repeated alarm joins the open alert")
            #expect(open.first?.subject == "alarm-1:lowBattery")
            #expect(open.first?.message.contains("battery at 15 %") == true)
        } catch {
            await h.stop()
            throw error
        }
        await h.stop()
    }
}
