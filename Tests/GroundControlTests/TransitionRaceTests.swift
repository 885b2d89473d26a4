import FleetProtocol
import Foundation
import HummingbirdTesting
import Logging
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP
@testable import GroundStore

/// Issue 18 point 2: every status change is one compare-and-set on the stored row. Concurrent writers,
/// on one instance or on two instances sharing the database, see exactly one winner; the losers are
/// refused with the status that won, and the history holds exactly the changes the winners were told.
@Suite("Delivery transitions under concurrency")
struct TransitionRaceTests {
    static let eta = Date(timeIntervalSince1970: 1_900_000_000)
    static let request = DeliveryRequest(
        pickup: GeoPoint(lat: 47.37, lon: 8.54), dropoff: GeoPoint(lat: 47.39, lon: 8.51), weightKg: 1, size: .small)

    /// Two services ("instances") on two independent store handles of one database.
    static func instances(_ fixture: StoreFixture) async throws -> [DeliveryService] {
        try await fixture.store.insertBusiness(Business(id: "b", name: "B", apiKeyHash: "h", createdAt: Date()))
        let second = try await fixture.reopen()
        return [fixture.store, second].map { store in
            DeliveryService(
                store: store,
                dispatcher: RecordingDispatcher(
                    decision: .scheduled(
                        droneID: "d1", assignmentID: "a1", etaPickup: eta, etaDropoff: eta.addingTimeInterval(600))))
        }
    }

    enum Outcome: Sendable, Equatable {
        case won(DeliveryStatus)
        case refused(current: DeliveryStatus)
        case failed(String)
    }

    static func outcome(_ body: @Sendable () async throws(DeliveryServiceError) -> Delivery) async -> Outcome {
        do { return .won(try await body().status) } catch {
            if case let .conflict(transition) = error { return .refused(current: transition.from) }
            return .failed("\(error)")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func fiftyParallelCancelsHaveOneWinner(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let services = try await Self.instances(fixture)
        let delivery = try await services[0].create(businessID: "b", request: Self.request)
        #expect(delivery.status == .scheduled)

        let outcomes = await withTaskGroup(of: Outcome.self) { group in
            for index in 0..<50 {
                let service = services[index % services.count]
                group.addTask {
                    await Self.outcome { () async throws(DeliveryServiceError) in
                        try await service.cancel(delivery.id, businessID: "b")
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .won(.cancelled) }.count == 1, "\(outcomes)")
        #expect(outcomes.filter { $0 == .refused(current: .cancelled) }.count == 49, "\(outcomes)")
        let history = try await fixture.store.history(deliveryID: delivery.id)
        #expect(history.map(\.to) == [.requested, .scheduled, .cancelled], "\(history)")
        #expect(try await fixture.store.delivery(id: delivery.id)?.status == .cancelled)
        await fixture.close()
    }

    @Test(arguments: StoreBackend.allCases)
    func cancelRacingOverrideFailEndsAsTheWinnerWasTold(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let services = try await Self.instances(fixture)
        for round in 0..<10 {
            let delivery = try await services[0].create(businessID: "b", request: Self.request)
            let (cancel, fail) = await withTaskGroup(of: (Int, Outcome).self) { group in
                for index in 0..<2 {
                    // Each round the two writers swap instances.
                    let service = services[(index + round) % 2]
                    group.addTask {
                        index == 0
                            ? (
                                0,
                                await Self.outcome { () async throws(DeliveryServiceError) in
                                    try await service.cancel(delivery.id, businessID: nil)
                                }
                            )
                            : (
                                1,
                                await Self.outcome { () async throws(DeliveryServiceError) in
                                    try await service.override(delivery.id, action: .fail, reason: "weather")
                                }
                            )
                    }
                }
                var results: [Int: Outcome] = [:]
                for await (index, outcome) in group { results[index] = outcome }
                return (results[0], results[1])
            }
            let stored = try #require(try await fixture.store.delivery(id: delivery.id))
            let history = try await fixture.store.history(deliveryID: delivery.id).map(\.to)
            switch (cancel, fail) {
            case (.won(.cancelled), .refused(current: .cancelled)):
                #expect(stored.status == .cancelled)
                #expect(history == [.requested, .scheduled, .cancelled])
            case (.refused(current: .failed), .won(.failed)):
                #expect(stored.status == .failed)
                #expect(history == [.requested, .scheduled, .failed])
            default:
                Issue.record(
                    "round \(round): cancel \(String(describing: cancel)), fail \(String(describing: fail)), stored \(stored.status), history \(history)"
                )
            }
        }
        await fixture.close()
    }

    /// A drone's progress that loses a race is re-read and re-applied, not written over the winner.
    @Test(arguments: StoreBackend.allCases)
    func droneProgressRacingCancelNeverResurrectsTheDelivery(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        let services = try await Self.instances(fixture)
        for _ in 0..<10 {
            let delivery = try await services[0].create(businessID: "b", request: Self.request)
            async let progress = Self.outcome { () async throws(DeliveryServiceError) in
                if let applied = try await services[1].apply(
                    DroneProgress(
                        droneID: "d1", deliveryID: delivery.id, assignmentID: "a1", phase: .enRouteToPickup,
                        time: Date()))
                {
                    return applied
                }
                return try await services[1].get(delivery.id, businessID: nil)
            }
            async let cancel = Self.outcome { () async throws(DeliveryServiceError) in
                try await services[0].cancel(delivery.id, businessID: "b")
            }
            let (p, c) = await (progress, cancel)
            let stored = try #require(try await fixture.store.delivery(id: delivery.id))
            let history = try await fixture.store.history(deliveryID: delivery.id).map(\.to)
            // Both orders are legal (cancel is allowed in pickupInProgress); the row and the history agree.
            #expect(c == .won(.cancelled), "\(c) \(p)")
            #expect(stored.status == .cancelled)
            #expect(
                history == [.requested, .scheduled, .cancelled]
                    || history == [.requested, .scheduled, .pickupInProgress, .cancelled], "\(history)")
        }
        await fixture.close()
    }

    /// Over HTTP: one 200, every other request 409 naming the status that won.
    @Test func parallelCancelRequestsGetOneOKAndConflictsWithTheCurrentStatus() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Race Shop")
            let id = try await APIHarness.book(client, key: key)
            let answers = try await withThrowingTaskGroup(of: (UInt, String?, String?).self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        try await client.execute(
                            uri: "/v1/deliveries/\(id)/cancel", method: .post, headers: APIHarness.auth(key)
                        ) { response in
                            let error = APIHarness.object(response)["error"] as? [String: Any]
                            return (
                                UInt(response.status.code), error?["code"] as? String,
                                error?["currentStatus"] as? String
                            )
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0.0 == 200 }.count == 1, "\(answers)")
            #expect(answers.filter { $0 == (409, "illegal_transition", "cancelled") }.count == 49, "\(answers)")
            #expect(
                try h.sqlite(
                    "SELECT count(*) FROM delivery_history WHERE delivery_id = '\(id)' AND to_status = 'cancelled'")
                    == "1")
            #expect(await h.dispatcher.cancelled == [id], "the drone is told once")
        }
    }
}
