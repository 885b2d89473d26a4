import Foundation
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// groundctl's webhook, alert, operator and audit commands against a live ground-control (real
/// binaries, real SQLite file). The alert is opened by a second store on the same file, as another
/// ground component would; everything else goes through groundctl.
@Suite("groundctl webhooks, alerts, operators and audit against a live ground-control")
struct GroundctlNotifyTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Runs a command expected to fail; returns its exit status and output.
    static func failure(_ station: GroundctlTests.Station, _ arguments: [String]) throws -> (Int32, String) {
        do {
            let out = try station.run(arguments)
            Issue.record("expected failure of \(arguments), got \(out)")
            return (0, out)
        } catch let TestSupportError.processFailed(_, status, log) {
            return (status, log)
        }
    }

    @Test func managesWebhooksAlertsOperatorsAndReadsTheAudit() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let station = try await GroundctlTests.start(dir: dir)
        defer { Task { await station.process.terminate() } }
        let op = ["--key", GroundctlTests.operatorKey]
        let help = try ChildProcess.run(station.ctl, ["--help"])
        for command in ["webhooks", "alerts", "operators", "audit"] { #expect(help.contains(command)) }

        // Webhooks: a business registers one (secret shown once); nothing listens on its port.
        let registered = try Self.json(try station.run(["register-business", "Hook Bakery", "--json"]))
        let key = try #require(registered["apiKey"] as? String)
        let biz = ["--key", key]
        let added = try station.run(
            ["webhooks", "add", "http://127.0.0.1:9/hook", "--event", "cancelled", "--event", "scheduled"] + biz)
        #expect(added.contains("secret: whsec_"))
        let listed = try Self.json(try station.run(["webhooks", "list", "--json"] + biz))
        let webhookID = try #require((listed["webhooks"] as? [[String: Any]])?.first?["id"] as? String)
        #expect(try station.run(["webhooks", "list"] + op).contains(webhookID), "operators see every endpoint")
        let (badEvent, badEventOut) = try Self.failure(
            station, ["webhooks", "add", "http://127.0.0.1:9/hook", "--event", "alert"] + biz)
        #expect(badEvent == 64 && badEventOut.contains("--event"))
        // A cancelled booking is announced: the refused attempt is listed.
        let booked = try Self.json(
            try station.run(
                ["book", "--pickup", "47.37,8.54", "--dropoff", "47.39,8.51", "--weight", "1", "--json"] + biz))
        let deliveryID = try #require(booked["id"] as? String)
        _ = try station.run(["cancel", deliveryID] + biz)
        try await waitUntil("a refused attempt", timeout: .seconds(20)) {
            let attempts = try Self.json(try station.run(["webhooks", "attempts", webhookID, "--json"] + biz))
            return (attempts["attempts"] as? [[String: Any]])?.contains { $0["event"] as? String == "cancelled" }
                == true
        }
        let table = try station.run(["webhooks", "attempts", webhookID] + op)
        #expect(table.hasPrefix("AT") && table.contains("cancelled") && table.contains(deliveryID))
        #expect(try station.run(["webhooks", "remove", webhookID] + biz) == "removed \(webhookID)\n")
        #expect(try Self.failure(station, ["webhooks", "attempts", webhookID] + biz).1.contains("HTTP 404"))

        // Operators: a dispatcher account acts with its own key until it is removed.
        let dana = try Self.json(try station.run(["operators", "add", "Dana", "--role", "dispatcher", "--json"] + op))
        let danaID = try #require((dana["operator"] as? [String: Any])?["id"] as? String)
        let danaKey = try #require(dana["apiKey"] as? String)
        #expect(try station.run(["operators", "list"] + op).contains("Dana"))
        #expect(try Self.failure(station, ["operators", "add", "Eve", "--role", "boss"] + op).0 == 64)
        #expect(try Self.failure(station, ["operators", "remove", "op_bootstrap"] + op).1.contains("HTTP 409"))

        // Alerts: opened by another writer of the same database, handled with Dana's key.
        let store: any GroundStore = try SQLiteGroundStore(path: dir.sqlitePath("ground"))
        let alert = try await AlertCenter(store: store).raise(kind: .alarm, subject: "drone-9", message: "motor hot")
        try await store.close()
        #expect(try station.run(["alerts", "list", "--key", danaKey]).contains(alert.id))
        #expect(try station.run(["alerts", "ack", alert.id, "--key", danaKey]).contains("acknowledged"))
        #expect(try Self.failure(station, ["alerts", "ack", alert.id, "--key", danaKey]).1.contains("HTTP 409"))
        let resolved = try Self.json(try station.run(["alerts", "resolve", alert.id, "--json", "--key", danaKey]))
        #expect(resolved["state"] as? String == "resolved" && resolved["resolvedBy"] as? String == danaID)
        #expect(!(try station.run(["alerts", "list"] + op).contains(alert.id)))
        #expect(try station.run(["alerts", "list", "--all"] + op).contains(alert.id))
        #expect(try Self.failure(station, ["alerts", "list"] + biz).0 == 4, "a business key is not an operator's")

        #expect(try station.run(["operators", "remove", danaID] + op) == "removed \(danaID)\n")
        #expect(try Self.failure(station, ["alerts", "list", "--key", danaKey]).0 == 4, "the removed key stops")
        #expect(try Self.failure(station, ["operators", "remove", danaID] + op).1.contains("HTTP 404"))

        // Audit: every change above, newest first, paged.
        let audit = try station.run(["audit"] + op)
        for action in ["webhook.create", "webhook.delete", "operator.create", "alert.acknowledge", "operator.delete"] {
            #expect(audit.contains(action), "audit lists \(action)")
        }
        let page = try Self.json(try station.run(["audit", "--limit", "1", "--json"] + op))
        #expect((page["entries"] as? [[String: Any]])?.first?["action"] as? String == "operator.delete")
        let next = try #require(page["nextBefore"] as? Int)
        #expect(try station.run(["audit", "--limit", "1", "--before", "\(next)"] + op).contains("alert.resolve"))
        #expect(try Self.failure(station, ["audit"] + biz).0 == 4)
    }
}
