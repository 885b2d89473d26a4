import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// The operators, audit, alert and webhook tables on both stores: the audit log refuses every
/// rewrite in the database itself, alerts de-duplicate, and the outbox hands out messages in order per
/// delivery with claims that run out.
@Suite("Notification store", .serialized)
struct NotificationStoreTests {
    @Test(arguments: StoreBackend.allCases)
    func auditLogIsAppendOnlyInTheDatabase(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        defer { Task { await fixture.close() } }
        let audit = AuditLog(store: fixture.store)
        let first = try await audit.record(actor: "op_a", action: "drone.recall", subject: "drone-1")
        let second = try await audit.record(actor: "op_b", action: "drone.land", subject: "drone-2", detail: "x")
        #expect(second.seq > first.seq)
        for statement in ["UPDATE audit_log SET actor = 'forged'", "DELETE FROM audit_log"] {
            // The database's own shell, not the store: no code path of ground is involved.
            let shell =
                backend == .sqlite
                ? (try ChildProcess.system("sqlite3"), [fixture.location, statement])
                : (try ChildProcess.system("psql"), [fixture.location, "-v", "ON_ERROR_STOP=1", "-tAc", statement])
            var refused = false
            do { _ = try ChildProcess.run(shell.0, shell.1) } catch { refused = true }
            #expect(refused, "\(backend): \(statement) must be refused")
        }
        let entries = try await audit.entries()
        #expect(entries.map(\.actor) == ["op_b", "op_a"])
        #expect(entries.first?.detail == "x")
    }

    @Test(arguments: StoreBackend.allCases)
    func alertsDeduplicateUntilResolved(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        defer { Task { await fixture.close() } }
        let center = AlertCenter(store: fixture.store)
        let first = try await center.raise(kind: .alarm, subject: "drone-1:lowBattery", message: "low")
        let again = try await center.raise(kind: .alarm, subject: "drone-1:lowBattery", message: "low again")
        #expect(again.id == first.id)
        let acknowledged = try await center.acknowledge(first.id, by: "op_a")
        #expect(acknowledged.state == .acknowledged && acknowledged.acknowledgedBy == "op_a")
        await #expect(throws: AlertError.self) { try await center.acknowledge(first.id, by: "op_b") }
        _ = try await center.resolve(first.id, by: "op_a")
        let fresh = try await center.raise(kind: .alarm, subject: "drone-1:lowBattery", message: "low once more")
        #expect(fresh.id != first.id)
        #expect(try await fixture.store.unresolvedAlertCount() == 1)
        #expect(try await center.list(includeResolved: true, limit: 10).count == 2)
    }

    @Test(arguments: StoreBackend.allCases)
    func outboxIsInOrderPerDeliveryAndClaimsRunOut(_ backend: StoreBackend) async throws {
        let fixture = try await backend.makeFixture()
        defer { Task { await fixture.close() } }
        let store = fixture.store
        let t0 = Date(timeIntervalSince1970: 1_900_000_000)
        try await store.insertBusiness(Business(id: "biz_1", name: "Shop", apiKeyHash: "h", createdAt: t0))
        try await store.insertWebhook(
            WebhookEndpoint(
                id: "wh_1", businessID: "biz_1", url: "http://127.0.0.1:9/hook", events: [.scheduled, .pickedUp],
                etaThresholdMinutes: 5, secret: "s", createdAt: t0))
        func message(_ delivery: String, _ event: WebhookEvent, _ key: String) -> WebhookMessage {
            WebhookMessage(
                endpointID: "wh_1", deliveryID: delivery, event: event, idempotencyKey: key, body: "{}", createdAt: t0)
        }
        try await store.enqueueWebhookMessages([
            message("dlv_a", .scheduled, "k1"), message("dlv_a", .pickedUp, "k2"), message("dlv_b", .scheduled, "k3"),
        ])
        let first = try await store.claimDueWebhookMessages(now: t0, claimant: "A", lease: 60, limit: 10)
        #expect(first.map(\.idempotencyKey) == ["k1", "k3"], "only the head of each delivery's line")
        // Held by A: B sees nothing until A's claim runs out.
        #expect(try await store.claimDueWebhookMessages(now: t0 + 30, claimant: "B", lease: 60, limit: 10).isEmpty)
        let retaken = try await store.claimDueWebhookMessages(now: t0 + 61, claimant: "B", lease: 60, limit: 10)
        #expect(retaken.map(\.idempotencyKey) == ["k1", "k3"])
        var done = retaken[0]
        done.state = .delivered
        done.attempts = 1
        let failures = try await store.recordWebhookAttempt(
            WebhookAttempt(
                messageID: done.id, endpointID: "wh_1", deliveryID: "dlv_a", event: .scheduled, at: t0 + 61,
                statusCode: 204, error: nil, durationMs: 3),
            message: done)
        #expect(failures == 0)
        let next = try await store.claimDueWebhookMessages(now: t0 + 62, claimant: "B", lease: 60, limit: 10)
        #expect(next.map(\.idempotencyKey) == ["k2"], "k3 is still claimed; k2 is next in dlv_a's line")
        #expect(try await store.webhookBacklog() == 2)
        #expect(try await store.webhookAttempts(endpointID: "wh_1", limit: 5).map(\.statusCode) == [204])
        #expect(try await store.deleteWebhook(id: "wh_1"))
        #expect(try await store.webhookBacklog() == 0)
    }

    @Test func retryPolicyDoublesUpToTheCapAndExpires() {
        let policy = WebhookRetryPolicy(initialDelay: 10, maxDelay: 3600, retryPeriod: 86_400)
        #expect((1...5).map { policy.delay(afterAttempts: $0) } == [10, 20, 40, 80, 160])
        #expect(policy.delay(afterAttempts: 20) == 3600)
        let created = Date(timeIntervalSince1970: 0)
        let message = WebhookMessage(
            endpointID: "wh", deliveryID: "d", event: .scheduled, idempotencyKey: "k", body: "{}", createdAt: created)
        #expect(policy.nextAttempt(for: message, attempts: 1, failedAt: created) == created + 10)
        #expect(policy.nextAttempt(for: message, attempts: 30, failedAt: created + 86_000) == nil)
    }
}
