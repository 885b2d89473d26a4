import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// The webhook outbox is written in the same transaction as what it announces, on both stores: a
/// delivery change and its events, an opened alert and its page, are committed together or not at all.
/// The failing outbox insert is a real one (a second row under an idempotency key already in the
/// outbox, refused by the table's unique index), not a stand-in.
@Suite("Outbox in the change's transaction", .serialized)
struct OutboxTransactionStoreTests {
    static let t0 = StoreTests.t0

    static func message(_ key: String, delivery: String = "d1") -> WebhookMessage {
        WebhookMessage(
            endpointID: "wh_1", deliveryID: delivery, event: .scheduled, idempotencyKey: key,
            body: "{\"id\":\"\(key)\"}",
            createdAt: t0)
    }

    @Test(arguments: StoreBackend.allCases)
    func aDeliveryChangeAndItsEventsCommitTogetherOrNotAtAll(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        defer { Task { await fixture.close() } }
        let store = fixture.store
        try await store.insertBusiness(StoreTests.business())
        let queued = StoreTests.delivery("d1")
        try await store.insertDelivery(queued)
        // An earlier event holds the key `evt_taken`.
        try await store.enqueueWebhookMessages([Self.message("evt_taken")])

        var scheduled = queued
        try scheduled.transition(to: .scheduled, at: Self.t0.addingTimeInterval(10))
        let change = DeliveryStatusChange(
            deliveryID: "d1", from: .requested, to: .scheduled, reason: nil, at: Self.t0.addingTimeInterval(10))
        // Refused: the second row repeats a key. Nothing of the change stays, not even the first row.
        do {
            try await store.updateDelivery(
                scheduled, change: change, enqueue: [Self.message("evt_fresh"), Self.message("evt_taken")])
            Issue.record("\(backend): the duplicate outbox row must fail the update")
        } catch {
            #expect(error.kind == .constraint, "\(error)")
        }
        let untouched = try #require(try await store.delivery(id: "d1"))
        #expect(untouched.status == .requested && untouched.version == queued.version)
        #expect(try await store.history(deliveryID: "d1").map(\.to) == [.requested])
        #expect(try await store.webhookBacklog() == 1, "evt_fresh rolled back with the change")

        // Accepted: row, history and both events together.
        try await store.updateDelivery(
            scheduled, change: change, enqueue: [Self.message("evt_a"), Self.message("evt_b")])
        let stored = try #require(try await store.delivery(id: "d1"))
        #expect(stored.status == .scheduled && stored.version == queued.version + 1)
        #expect(try await store.history(deliveryID: "d1").map(\.to) == [.requested, .scheduled])
        let due = try await store.claimDueWebhookMessages(
            now: Self.t0.addingTimeInterval(60), claimant: "t", lease: 60, limit: 10)
        #expect(due.map(\.idempotencyKey) == ["evt_taken"], "one line per endpoint and delivery: first in line only")
        #expect(try await store.webhookBacklog() == 3)

        // A lost compare-and-set (stale version) writes none of its events either.
        var stale = scheduled
        try stale.transition(to: .cancelled, at: Self.t0.addingTimeInterval(20))
        do {
            try await store.updateDelivery(stale, change: nil, enqueue: [Self.message("evt_stale")])
            Issue.record("\(backend): a stale version must fail the update")
        } catch {
            #expect(error.kind == .staleVersion, "\(error)")
        }
        #expect(try await store.webhookBacklog() == 3)
    }

    @Test(arguments: StoreBackend.allCases)
    func anOpenedAlertAndItsPageCommitTogetherOrNotAtAll(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        defer { Task { await fixture.close() } }
        let store = fixture.store
        let alert = Alert(id: "alr_1", kind: .alarm, subject: "drone-1", message: "motor", openedAt: Self.t0)
        let page = WebhookOutbox.pageMessage(for: alert)
        #expect(page.endpointID == WebhookOutbox.pagerEndpointID && page.idempotencyKey == "alr_1")
        // A page under a key already in the outbox is refused, and the alert with it.
        try await store.enqueueWebhookMessages([Self.message("alr_1")])
        await #expect(throws: StoreError.self) { try await store.openAlert(alert, enqueue: [page]) }
        #expect(try await store.alert(id: "alr_1") == nil)
        #expect(try await store.unresolvedAlertCount() == 0)

        let second = Alert(id: "alr_2", kind: .alarm, subject: "drone-1", message: "motor", openedAt: Self.t0)
        let opened = try await store.openAlert(second, enqueue: [WebhookOutbox.pageMessage(for: second)])
        #expect(opened.isNew)
        #expect(try await store.webhookBacklog() == 2)
        // Raised again while open: the existing alert, and no second page.
        let third = Alert(id: "alr_3", kind: .alarm, subject: "drone-1", message: "motor", openedAt: Self.t0)
        let again = try await store.openAlert(third, enqueue: [WebhookOutbox.pageMessage(for: third)])
        #expect(!again.isNew && again.alert.id == "alr_2")
        #expect(try await store.webhookBacklog() == 2)
    }
}
