import Foundation
import Logging
import TestSupport
import Testing

@testable import GroundControl
@testable import GroundCore

@Suite("Maintenance thresholds raise alerts", .timeLimit(TestPace.timeLimit(minutes: 1)))
struct MaintenanceWatchTests {
    @Test func aDronePastAThresholdGetsOneMaintenanceAlertAndAServicedOneNone() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        // 2 h airborne at one sample per 10 s, ending an hour ago.
        let start = Date().addingTimeInterval(-3 * 3600)
        let samples = (0...720).map {
            MaintenanceTests.sample(Double($0) * 10, battery: 100 - Double($0) / 12, airborne: true, from: start)
        }
        try await h.store.insertTelemetry(samples)
        let alerts = AlertCenter(store: h.store)
        let watch = MaintenanceWatch(
            store: h.store, alerts: alerts, thresholds: MaintenanceThresholds(flightHours: 1.5, batteryCycles: 10),
            interval: .seconds(600), logger: Logger(label: "test"))

        await watch.check()
        await watch.check()
        let open = try await h.store.alerts(includeResolved: false, limit: 10).filter { $0.kind == .maintenanceDue }
        #expect(open.count == 1, "one unresolved alert per drone, however often it is checked")
        #expect(open.first?.subject == "drone-1")
        #expect(open.first?.message.contains("flightHours") == true)

        // Serviced now: the wear counts from here, so a fresh watch finds nothing due.
        try await h.store.saveDroneMaintenance(DroneMaintenance(droneID: "drone-1", lastServiceAt: Date()))
        let fresh = AlertCenter(store: h.store)
        let before = try await h.store.alerts(includeResolved: true, limit: 10).count
        await MaintenanceWatch(
            store: h.store, alerts: fresh, thresholds: MaintenanceThresholds(flightHours: 1.5, batteryCycles: 10),
            interval: .seconds(600), logger: Logger(label: "test")
        ).check()
        #expect(try await h.store.alerts(includeResolved: true, limit: 10).count == before)
    }
}
