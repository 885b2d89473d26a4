import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// The drone registry's store contract on both stores: register once, list, retire once.
@Suite("Drone registry store")
struct DroneRegistryStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    @Test(arguments: StoreBackend.allCases)
    func registersListsAndRetiresOnce(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        try await store.registerDrone(ProvisionedDrone(id: "drone-b", registeredAt: Self.t0))
        try await store.registerDrone(ProvisionedDrone(id: "drone-a", registeredAt: Self.t0.addingTimeInterval(5)))
        #expect(try await store.provisionedDrones().map(\.id) == ["drone-a", "drone-b"])
        #expect(
            try await store.provisionedDrone(id: "drone-b") == ProvisionedDrone(id: "drone-b", registeredAt: Self.t0))
        #expect(try await store.provisionedDrone(id: "observer") == nil)

        #expect(try await store.retireDrone(id: "drone-b", at: Self.t0.addingTimeInterval(60)))
        #expect(
            try await store.retireDrone(id: "drone-b", at: Self.t0.addingTimeInterval(90)) == false, "already retired")
        #expect(try await store.retireDrone(id: "ghost", at: Self.t0) == false)
        let retired = try #require(try await store.provisionedDrone(id: "drone-b"))
        #expect(retired.status == .retired)
        #expect(retired.retiredAt == Self.t0.addingTimeInterval(60))
        await fixture.close()
    }

    @Test(arguments: StoreBackend.allCases)
    func refusesSecondRegistrationOfAnIDWithConstraintError(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let store = fixture.store
        try await store.registerDrone(ProvisionedDrone(id: "drone-1", registeredAt: Self.t0))
        try await store.retireDrone(id: "drone-1", at: Self.t0)
        do {
            try await store.registerDrone(ProvisionedDrone(id: "drone-1", registeredAt: Self.t0))
            Issue.record("second registration should fail")
        } catch {
            #expect(error.kind == .constraint)
        }
        #expect(try await store.provisionedDrone(id: "drone-1")?.status == .retired, "a retired id is not reused")
        await fixture.close()
    }

    @Test
    func droneIDRuleRefusesWildcardsSeparatorsAndServiceAccounts() {
        #expect(DroneIDRule.problem(with: "drone-01") == nil)
        #expect(DroneIDRule.problem(with: "") != nil)
        #expect(DroneIDRule.problem(with: "a/b") != nil)
        #expect(DroneIDRule.problem(with: "+") != nil)
        #expect(DroneIDRule.problem(with: "a.b") != nil)
        #expect(DroneIDRule.problem(with: "#") != nil)
        #expect(DroneIDRule.problem(with: "observer") != nil)
        #expect(DroneIDRule.problem(with: "Ground") != nil)
        #expect(DroneIDRule.problem(with: String(repeating: "x", count: 65)) != nil)
    }
}
