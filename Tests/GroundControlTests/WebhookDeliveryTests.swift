import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP
@testable import GroundNotify
@testable import GroundObservability
@testable import GroundStore

/// Webhooks end to end over real HTTP: the API registers the endpoint, delivery changes go to the
/// SQLite outbox, ``WebhookSender`` POSTs them to a real receiver, which checks the signature with its
/// own HMAC (not ground's code).
@Suite("Webhook delivery", .serialized)
struct WebhookDeliveryTests {
    struct Ground {
        let dir: TemporaryDirectory
        let store: SQLiteGroundStore
        let outbox: WebhookOutbox
        let alerts: AlertCenter
        let api: GroundAPI
        let metrics = GroundMetrics()

        init() async throws {
            dir = try TemporaryDirectory()
            store = try SQLiteGroundStore(path: dir.sqlitePath())
            try await store.registerDrone(ProvisionedDrone(id: "drone-1", registeredAt: Date()))
            outbox = WebhookOutbox(store: store)
            alerts = AlertCenter(store: store)
            let dispatcher = RecordingDispatcher(
                decision: .scheduled(
                    droneID: "drone-1", assignmentID: "asg-1", etaPickup: APIHarness.etaPickup,
                    etaDropoff: APIHarness.etaDropoff))
            let deliveries = DeliveryService(store: store, dispatcher: dispatcher, outbox: outbox)
            api = GroundAPI(
                store: store, deliveries: deliveries,
                fleet: FleetRegistry([DroneLiveState(droneID: "drone-1", online: true, phase: .landed)]),
                dispatcher: dispatcher,
                authenticator: Authenticator(
                    store: store, operatorCredential: OperatorCredential(key: APIHarness.operatorKey)),
                metrics: metrics, alerts: alerts)
        }

        func sender(store: (any GroundStore)? = nil, retry: Double = 0.2, lease: TimeInterval = 120) -> WebhookSender {
            WebhookSender(
                store: store ?? self.store, outbox: outbox, leadership: SoleLeader(), alerts: alerts, metrics: metrics,
                configuration: WebhookSenderConfiguration(
                    retry: WebhookRetryPolicy(initialDelay: retry, maxDelay: 5, retryPeriod: 3600),
                    requestTimeout: TestPace.scaled(.seconds(2)), claimLease: lease,
                    pollInterval: .milliseconds(50), failureAlertThreshold: 1),
                logger: Logger(label: "test.webhooks"))
        }
    }

    /// What a receiver does with the header, written here with swift-crypto directly.
    static func signatureHolds(_ header: String?, secret: String, body: String) -> Bool {
        guard let header else { return false }
        var fields: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        guard let t = fields["t"], let stamp = Double(t), abs(Date().timeIntervalSince1970 - stamp) < 300 else {
            return false
        }
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data((t + "." + body).utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined() == fields["v1"]
    }

    static func receiverApp(_ receiver: WebhookReceiver) -> some ApplicationProtocol {
        Application(router: receiver.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// Registers a business and an endpoint for `events`; returns (business key, webhook id, secret).
    static func subscribe(
        _ client: some TestClientProtocol, url: String, events: [String], threshold: Double? = nil
    ) async throws -> (String, String, String) {
        let key = try await APIHarness.register(client, name: "Hook Shop")
        var body: [String: Any] = ["url": url, "events": events]
        if let threshold { body["etaThresholdMinutes"] = threshold }
        let created = try await client.execute(
            uri: "/v1/webhooks", method: .post, headers: APIHarness.auth(key), body: APIHarness.json(body)
        ) { response in
            #expect(response.status == .created)
            return APIHarness.object(response)
        }
        let webhook = try #require(created["webhook"] as? [String: Any])
        return (key, try #require(webhook["id"] as? String), try #require(created["secret"] as? String))
    }

    @Test(.timeLimit(TestPace.timeLimit(minutes: 2)))
    func signedRetriedWithBackoffInOrderWithOneIdempotencyKey() async throws {
        let ground = try await Ground()
        defer { ground.dir.remove() }
        let receiver = WebhookReceiver(script: [500, 503])
        try await Self.receiverApp(receiver).test(.live) { hook in
            let url = "http://127.0.0.1:\(try #require(hook.port))/hook"
            try await Application(router: ground.api.makeRouter()).test(.router) { client in
                let (key, webhookID, secret) = try await Self.subscribe(
                    client, url: url, events: ["scheduled", "cancelled"])
                let deliveryID = try await APIHarness.book(client, key: key)
                _ = try await client.execute(
                    uri: "/v1/deliveries/\(deliveryID)/cancel", method: .post, headers: APIHarness.auth(key)
                ) { _ in }
                let sender = Task { try await ground.sender().run() }
                defer { sender.cancel() }
                try await waitUntil("four requests at the receiver", timeout: .seconds(30)) {
                    await receiver.received.count >= 4
                }
                let received = await receiver.received
                #expect(received.map(\.event) == ["scheduled", "scheduled", "scheduled", "cancelled"])
                #expect(Set(received.prefix(3).map(\.idempotencyKey)).count == 1, "one key for every retry")
                #expect(received[3].idempotencyKey != received[0].idempotencyKey)
                for request in received {
                    #expect(Self.signatureHolds(request.signature, secret: secret, body: request.body))
                    #expect(!Self.signatureHolds(request.signature, secret: secret, body: request.body + " "))
                    let json = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
                    #expect(json?["id"] as? String == request.idempotencyKey)
                    #expect((json?["data"] as? [String: Any])?["deliveryId"] as? String == deliveryID)
                }
                // Backoff: the second wait is at least twice the first retry delay (lower bounds only).
                #expect(received[1].at.timeIntervalSince(received[0].at) >= 0.2)
                #expect(received[2].at.timeIntervalSince(received[1].at) >= 0.4)
                let attempts = try await client.execute(
                    uri: "/v1/webhooks/\(webhookID)/attempts", method: .get, headers: APIHarness.auth(key)
                ) { APIHarness.object($0)["attempts"] as? [[String: Any]] ?? [] }
                #expect(attempts.compactMap { $0["statusCode"] as? Int } == [200, 200, 503, 500])
                // Two failures in a row passed the threshold of 1: the operators were alerted.
                let open = try await ground.alerts.list(includeResolved: false, limit: 10)
                #expect(open.contains { $0.kind == .webhookFailing && $0.subject == webhookID })
                // Another business sees no such webhook.
                let other = try await APIHarness.register(client, name: "Other")
                try await client.execute(
                    uri: "/v1/webhooks/\(webhookID)/attempts", method: .get, headers: APIHarness.auth(other)
                ) { #expect($0.status == .notFound) }
                sender.cancel()
                _ = await sender.result
            }
        }
    }

    @Test(.timeLimit(TestPace.timeLimit(minutes: 2)))
    func outboxSurvivesARestartAndAClaimOfADeadInstance() async throws {
        let ground = try await Ground()
        defer { ground.dir.remove() }
        let receiver = WebhookReceiver(script: Array(repeating: 503, count: 1000))
        try await Self.receiverApp(receiver).test(.live) { hook in
            let url = "http://127.0.0.1:\(try #require(hook.port))/hook"
            try await Application(router: ground.api.makeRouter()).test(.router) { client in
                let (key, _, secret) = try await Self.subscribe(client, url: url, events: ["scheduled", "cancelled"])
                let deliveryID = try await APIHarness.book(client, key: key)
                // The receiver is down (503) while the first instance runs.
                let first = Task { try await ground.sender(retry: 0.05).run() }
                try await waitUntil("a failed attempt") { await receiver.received.count >= 1 }
                first.cancel()
                _ = await first.result
                // A later event, claimed by an instance that then died: its claim runs out.
                _ = try await client.execute(
                    uri: "/v1/deliveries/\(deliveryID)/cancel", method: .post, headers: APIHarness.auth(key)
                ) { _ in }
                let dead = try await ground.store.claimDueWebhookMessages(
                    now: Date().addingTimeInterval(3600), claimant: "dead", lease: -3599, limit: 10)
                #expect(!dead.isEmpty)
                // Restart: a new store on the same file and a new sender; the receiver is back.
                await receiver.setScript([])
                let reopened = try SQLiteGroundStore(path: ground.dir.sqlitePath())
                let before = await receiver.received.count
                let second = Task { try await ground.sender(store: reopened, retry: 0.05, lease: 1).run() }
                defer { second.cancel() }
                try await waitUntil("both events delivered after the restart", timeout: .seconds(30)) {
                    try await reopened.webhookBacklog() == 0
                }
                let delivered = await receiver.received.dropFirst(before)
                #expect(delivered.suffix(2).map(\.event) == ["scheduled", "cancelled"])
                for request in delivered {
                    #expect(Self.signatureHolds(request.signature, secret: secret, body: request.body))
                }
                second.cancel()
                _ = await second.result
            }
        }
    }

    @Test func etaChangedOnlyBeyondTheEndpointsThreshold() async throws {
        let ground = try await Ground()
        defer { ground.dir.remove() }
        let (deliveryID, near, far) = try await Application(router: ground.api.makeRouter()).test(.router) {
            client in
            let (key, near, _) = try await Self.subscribe(
                client, url: "http://127.0.0.1:9/hook", events: ["etaChanged"], threshold: 5)
            let business = try #require(
                try await ground.store.business(apiKeyHash: APIKey.hash(key)))
            // A second endpoint of the same business with a wider threshold.
            let far = WebhookEndpoint(
                id: "wh_far", businessID: business.id, url: "http://127.0.0.1:9/far", events: [.etaChanged],
                etaThresholdMinutes: 15, secret: "s", createdAt: Date())
            try await ground.store.insertWebhook(far)
            return (try await APIHarness.book(client, key: key), near, far.id)
        }
        // The live ETA moves 10 minutes; the next stored change takes it over.
        let moved = APIHarness.etaDropoff.addingTimeInterval(600)
        await ground.api.deliveries.track(
            deliveryID, position: nil, battery: nil, phase: .enRouteToPickup, etaPickup: nil, etaDropoff: moved,
            at: Date())
        try await ground.api.deliveries.apply(
            DroneProgress(
                droneID: "drone-1", deliveryID: deliveryID, assignmentID: "asg-1", phase: .enRouteToPickup,
                time: Date()))
        let due = try await ground.store.claimDueWebhookMessages(
            now: Date().addingTimeInterval(1), claimant: "t", lease: 60, limit: 10)
        #expect(due.map(\.endpointID) == [near], "10 minutes passes 5, not 15 (\(far))")
        let payload = try JSONSerialization.jsonObject(with: Data(try #require(due.first).body.utf8)) as? [String: Any]
        let data = try #require(payload?["data"] as? [String: Any])
        #expect(data["previousEtaDropoff"] != nil && data["etaDropoff"] != nil)
    }

    /// A receiver down for an hour (503 to every attempt) misses nothing: under the default policy (10 s
    /// doubling, 24 h) the first event is tried at about 0, 10, 30, 70, 150, 310, 630, 1,270 and 2,550 s, the
    /// second waits behind it, neither expires, and once the receiver is back both arrive in order with
    /// the idempotency key of their first attempt. The sender's clock is moved by hand through the hour.
    @Test(.timeLimit(TestPace.timeLimit(minutes: 2)))
    func aReceiverDownForAnHourGetsEveryEventInOrderAfterwards() async throws {
        let ground = try await Ground()
        defer { ground.dir.remove() }
        let receiver = WebhookReceiver(script: Array(repeating: 503, count: 1000))
        try await Self.receiverApp(receiver).test(.live) { hook in
            let url = "http://127.0.0.1:\(try #require(hook.port))/hook"
            try await Application(router: ground.api.makeRouter()).test(.router) { client in
                let (key, _, _) = try await Self.subscribe(client, url: url, events: ["scheduled", "cancelled"])
                let deliveryID = try await APIHarness.book(client, key: key)
                _ = try await client.execute(
                    uri: "/v1/deliveries/\(deliveryID)/cancel", method: .post, headers: APIHarness.auth(key)
                ) { _ in }
                let start = Date()
                let clock = ManualClock(start)
                let sender = WebhookSender(
                    store: ground.store, outbox: ground.outbox, leadership: SoleLeader(), alerts: ground.alerts,
                    metrics: ground.metrics,
                    configuration: WebhookSenderConfiguration(
                        retry: .default, requestTimeout: TestPace.scaled(.seconds(2)), claimLease: 120,
                        pollInterval: .seconds(3600)),
                    logger: Logger(label: "test.webhooks"), now: { clock.now })
                let http = WebhookSender.makeClient()
                // The hour of outage, second by second: every attempt falls due and is made.
                while clock.now.timeIntervalSince(start) <= 3600 {
                    await sender.round(http)
                    clock.set(clock.now.addingTimeInterval(1))
                }
                let failed = await receiver.received
                #expect(failed.count == 9, "attempts in the hour: \(failed.count)")
                #expect(failed.allSatisfy { $0.event == "scheduled" }, "the second event waits behind the first")
                #expect(Set(failed.map(\.idempotencyKey)).count == 1)
                #expect(try await ground.store.webhookBacklog() == 2)
                // Back up: the next attempt (about 5,110 s after the first) delivers both, in order.
                await receiver.setScript([])
                while try await ground.store.webhookBacklog() > 0, clock.now.timeIntervalSince(start) < 7200 {
                    await sender.round(http)
                    clock.set(clock.now.addingTimeInterval(1))
                }
                try await http.shutdown()
                let delivered = await receiver.received.dropFirst(failed.count)
                #expect(delivered.map(\.event) == ["scheduled", "cancelled"])
                #expect(delivered.first?.idempotencyKey == failed.first?.idempotencyKey)
                #expect(try await ground.store.webhookBacklog() == 0)
            }
        }
    }

    /// The pager goes through the durable outbox: the page is committed with the alert, the receiver is
    /// down (nothing listens on its port) while the first instance runs, and after a restart on the same
    /// database file the page arrives once the receiver is up, signed, with the alert id as its key.
    @Test(.timeLimit(TestPace.timeLimit(minutes: 2)))
    func newAlertsGoToTheOperatorPagerDurably() async throws {
        let ground = try await Ground()
        defer { ground.dir.remove() }
        await ground.alerts.page(through: ground.outbox)
        let port = try FreePort.next()
        let pager = (url: "http://127.0.0.1:\(port)/hook", secret: "pager-secret")
        @Sendable func sender(_ store: any GroundStore) -> WebhookSender {
            WebhookSender(
                store: store, outbox: ground.outbox, leadership: SoleLeader(), alerts: ground.alerts,
                metrics: ground.metrics,
                configuration: WebhookSenderConfiguration(
                    retry: WebhookRetryPolicy(initialDelay: 0.05, maxDelay: 0.5, retryPeriod: 3600),
                    requestTimeout: TestPace.scaled(.seconds(2)), claimLease: 1, pollInterval: .milliseconds(50),
                    pager: pager),
                logger: Logger(label: "test.pager"))
        }
        let alert = try await ground.alerts.raise(kind: .droneOfflineInFlight, subject: "drone-1", message: "lost")
        // Raising it again while open pages nobody: one message in the outbox, committed with the alert.
        _ = try await ground.alerts.raise(kind: .droneOfflineInFlight, subject: "drone-1", message: "lost")
        #expect(try await ground.store.webhookBacklog() == 1)
        // Down: connection refused, retried with backoff, every attempt stored.
        let first = Task { try await sender(ground.store).run() }
        try await waitUntil("two refused attempts") {
            try await ground.store.webhookAttempts(endpointID: WebhookOutbox.pagerEndpointID, limit: 10).count >= 2
        }
        first.cancel()
        _ = await first.result
        let refused = try await ground.store.webhookAttempts(endpointID: WebhookOutbox.pagerEndpointID, limit: 10)
        #expect(refused.allSatisfy { $0.statusCode == nil && $0.error != nil && $0.deliveryID == alert.id })
        #expect(try await ground.store.webhookBacklog() == 1, "still pending after the failures")
        // Restart on the same file; the receiver comes up on the pager's port.
        let receiver = WebhookReceiver()
        let app = Application(
            router: receiver.router(), configuration: .init(address: .hostname("127.0.0.1", port: Int(port))))
        let serving = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { serving.cancel() }
        try await waitUntil("the receiver listening on the pager's port") { FreePort.acceptsConnections(port: port) }
        do {
            let reopened = try SQLiteGroundStore(path: ground.dir.sqlitePath())
            let second = Task { try await sender(reopened).run() }
            defer { second.cancel() }
            try await waitUntil("the page delivered after the restart", timeout: .seconds(30)) {
                try await reopened.webhookBacklog() == 0
            }
            second.cancel()
            _ = await second.result
            let received = await receiver.received
            #expect(received.count == 1)
            let page = try #require(received.first)
            #expect(page.idempotencyKey == alert.id && page.event == "alert")
            #expect(Self.signatureHolds(page.signature, secret: "pager-secret", body: page.body))
            let json = try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any]
            #expect(json?["kind"] as? String == "droneOfflineInFlight" && json?["id"] as? String == alert.id)
            // The attempts are visible to operators as those of the webhook `pager`, newest first.
            try await Application(router: ground.api.makeRouter()).test(.router) { client in
                let attempts = try await client.execute(
                    uri: "/v1/webhooks/pager/attempts", method: .get, headers: APIHarness.auth(APIHarness.operatorKey)
                ) { APIHarness.object($0)["attempts"] as? [[String: Any]] ?? [] }
                #expect(attempts.first?["statusCode"] as? Int == 200)
                #expect(attempts.count >= 3 && attempts.dropFirst().allSatisfy { !($0["statusCode"] is Int) })
                #expect(attempts.allSatisfy { $0["event"] as? String == "alert" })
                // A business never sees the pager.
                let business = try await APIHarness.register(client, name: "Curious")
                try await client.execute(
                    uri: "/v1/webhooks/pager/attempts", method: .get, headers: APIHarness.auth(business)
                ) { #expect($0.status == .notFound) }
            }
        }
        serving.cancel()
        _ = await serving.result
    }

    /// A business endpoint cannot subscribe to the pager's event.
    @Test func businessesCannotSubscribeToAlerts() async throws {
        let ground = try await Ground()
        defer { ground.dir.remove() }
        try await Application(router: ground.api.makeRouter()).test(.router) { client in
            let key = try await APIHarness.register(client, name: "Hook Shop")
            try await client.execute(
                uri: "/v1/webhooks", method: .post, headers: APIHarness.auth(key),
                body: APIHarness.json(["url": "http://127.0.0.1:9/hook", "events": ["scheduled", "alert"]])
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("events"))
            }
        }
    }
}
