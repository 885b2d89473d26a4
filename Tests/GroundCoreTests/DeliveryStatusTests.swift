import FleetProtocol
import Foundation
import Testing

@testable import GroundCore

@Suite("Delivery status transitions")
struct DeliveryStatusTests {
    @Test func followsTheHappyPath() throws {
        var status = DeliveryStatus.requested
        for next in [DeliveryStatus.scheduled, .pickupInProgress, .inTransit, .delivered, .completed] {
            status = try status.transition(to: next)
        }
        #expect(status == .completed)
    }

    @Test func refusesLeavingTerminalStatuses() {
        for terminal in DeliveryStatus.allCases where terminal.isTerminal {
            for next in DeliveryStatus.allCases {
                #expect(!terminal.canTransition(to: next), "\(terminal) -> \(next)")
            }
        }
    }

    @Test func refusesGoingBackwardsAndCancellingInFlight() {
        #expect(throws: DeliveryTransitionError(from: .inTransit, to: .scheduled)) {
            try DeliveryStatus.inTransit.transition(to: .scheduled)
        }
        #expect(!DeliveryStatus.inTransit.canTransition(to: .cancelled))
        #expect(!DeliveryStatus.delivered.canTransition(to: .inTransit))
        #expect(DeliveryStatus.scheduled.canTransition(to: .requested), "re-queue after rejection")
        #expect(DeliveryStatus.inTransit.canTransition(to: .failed))
        #expect(DeliveryStatus.scheduled.canTransition(to: .inTransit), "a lost event may skip a step")
    }

    @Test func deliveryTransitionStampsTimeAndKeepsStateOnFailure() throws {
        let t0 = Date(timeIntervalSince1970: 1000)
        var d = Delivery(
            id: "d", businessID: "b", pickup: GeoPoint(lat: 0, lon: 0), dropoff: GeoPoint(lat: 0, lon: 1),
            weightKg: 1, size: .small, createdAt: t0)
        try d.transition(to: .scheduled, at: t0.addingTimeInterval(5))
        #expect(d.statusTimes[.scheduled] == t0.addingTimeInterval(5))
        try d.transition(to: .cancelled, reason: "customer", at: t0.addingTimeInterval(6))
        let before = d
        #expect(throws: DeliveryTransitionError.self) { try d.transition(to: .failed, at: t0.addingTimeInterval(7)) }
        #expect(d == before)
    }
}
