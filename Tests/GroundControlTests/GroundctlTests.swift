import Foundation
import TestSupport
import Testing

/// Runs the real ground-control and groundctl binaries against each other.
@Suite("groundctl against a live ground-control")
struct GroundctlTests {
    struct Station {
        let dir: TemporaryDirectory
        let process: ChildProcess
        let url: String
        let ctl: URL

        func run(_ arguments: [String]) throws -> String {
            try ChildProcess.run(ctl, arguments + ["--url", url])
        }

        /// Runs a command expected to fail and returns what it printed.
        func fail(_ arguments: [String]) throws -> String {
            do {
                let out = try run(arguments)
                Issue.record("expected failure of \(arguments), got \(out)")
                return out
            } catch let TestSupportError.processFailed(_, status, log) {
                #expect(status != 0)
                return log
            }
        }
    }

    static let operatorKey = "operator-test-key"

    static func start(dir: TemporaryDirectory, arguments extra: [String] = []) async throws -> Station {
        let port = try FreePort.next()
        let process = ChildProcess(
            executable: try ChildProcess.product("ground-control"),
            arguments: ["--http-port", String(port), "--database", dir.sqlitePath("ground")] + extra,
            environment: ["SKYRELAY_OPERATOR_KEY": operatorKey],
            logFile: dir.file("ground.log")
        )
        try await process.start()
        let station = Station(
            dir: dir, process: process, url: "http://127.0.0.1:\(port)", ctl: try ChildProcess.product("groundctl"))
        try await waitUntil("ground-control answering", timeout: .seconds(20)) {
            (try? station.run(["deliveries", "--key", operatorKey])) != nil
        }
        return station
    }

    @Test func operatesTheStationThroughTheCLI() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let station = try await Self.start(dir: dir)

        let help = try ChildProcess.run(station.ctl, ["--help"])
        for command in [
            "fleet", "drone", "deliveries", "delivery", "recall", "land", "override", "analytics", "register-business",
            "book",
        ] {
            #expect(help.contains(command), "help lists \(command)")
        }

        let registered = try station.run(["register-business", "Acme Bakery", "--json"])
        let key = try #require(
            (try JSONSerialization.jsonObject(with: Data(registered.utf8)) as? [String: Any])?["apiKey"] as? String)
        let booked = try station.run([
            "book", "--key", key, "--pickup", "47.37,8.54", "--dropoff", "47.39,8.51", "--weight", "1.2",
        ])
        let bookedLines = booked.split(separator: "\n")
        #expect(bookedLines.first?.hasPrefix("ID") == true)
        #expect(booked.contains("requested"), "no fleet link: the delivery is queued")
        let id = try #require(bookedLines.last?.split(separator: " ").first.map(String.init))

        // Table columns line up: every column starts at the same offset in header and rows.
        let listing = try station.run(["deliveries", "--key", key]).split(separator: "\n").map(String.init)
        #expect(listing.count == 2)
        let header = listing[0], row = listing[1]
        let statusColumn = try #require(header.range(of: "STATUS")).lowerBound.utf16Offset(in: header)
        #expect(row.dropFirst(statusColumn).hasPrefix("requested"))

        let detail = try station.run(["delivery", id, "--key", key, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(detail.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "requested")
        #expect(object["reason"] as? String == "no fleet link configured")

        #expect(try station.run(["fleet", "--key", Self.operatorKey]).hasPrefix("DRONE"))
        #expect(try station.fail(["recall", "ghost", "--key", Self.operatorKey]).contains("HTTP 404"))
        #expect(try station.fail(["fleet", "--key", key]).contains("HTTP 403"))
        #expect(try station.fail(["fleet"]).contains("HTTP 401"))
        #expect(try station.fail(["delivery", "dlv_nope", "--key", key]).contains("HTTP 404"))
        #expect(
            try station.fail([
                "book", "--key", key, "--pickup", "47.37,8.54", "--dropoff", "47.39,8.51", "--weight", "9",
            ])
            .contains("field weightKg"))

        let report = try station.run(["analytics", "--csv", "--key", Self.operatorKey])
        #expect(report.hasPrefix("section,key,value"))
        #expect(report.contains("summary,totalDeliveries,1"))
        let summary = try station.run(["analytics", "--key", Self.operatorKey])
        #expect(summary.hasPrefix("METRIC") && summary.contains("totalDeliveries"))
        let csv = try station.run(["analytics", "--deliveries", "--csv", "--key", Self.operatorKey])
        #expect(csv.hasPrefix("deliveryId,"))
        #expect(csv.contains(id))
        #expect(try station.run(["analytics", "--deliveries", "--key", Self.operatorKey]).contains(id))

        // Overrides: assign needs a drone the fleet knows (none here), reassign of a queued one dispatches again.
        #expect(
            try station.fail(["override", id, "assign", "--key", Self.operatorKey]).contains("assign needs --drone"))
        #expect(
            try station.fail(["override", id, "assign", "--drone", "ghost", "--key", Self.operatorKey]).contains(
                "HTTP 404"))
        #expect(try station.run(["override", id, "reassign", "--key", Self.operatorKey]).contains("requested"))
        _ = try station.run(["cancel", id, "--key", key])
        // Graceful stop on SIGTERM, then a restart on the same database still knows the delivery.
        await station.process.terminate(grace: .seconds(10))
        #expect(await station.process.exitStatus == 0, "\(station.process.log())")
        let again = try await Self.start(dir: dir)
        let after = try again.run(["delivery", id, "--key", key, "--json"])
        #expect(after.contains("\"status\":\"cancelled\""))
        await again.process.terminate()
    }

    @Test func managesTheDroneRegistryThroughTheCLI() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let station = try await Self.start(dir: dir)
        let op = ["--key", Self.operatorKey]
        #expect(try ChildProcess.run(station.ctl, ["drones", "--help"]).contains("register"))

        let registered = try station.run(["drones", "register", "drone-42", "--json"] + op)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(registered.utf8)) as? [String: Any])
        #expect((object["drone"] as? [String: Any])?["droneId"] as? String == "drone-42")
        let password = try #require((object["broker"] as? [String: Any])?["password"] as? String)
        #expect(password.count >= 40)
        let table = try station.run(["drones", "register", "drone-43"] + op)
        #expect(table.hasPrefix("DRONE") && table.contains("drone-43") && table.contains("mosquitto_passwd"))

        let listing = try station.run(["drones", "list"] + op).split(separator: "\n").map(String.init)
        #expect(listing.count == 3)
        #expect(listing.dropFirst().allSatisfy { $0.contains("active") })
        #expect(!listing.joined().contains(password), "credentials are shown once")

        #expect(try station.fail(["drones", "register", "drone-42"] + op).contains("HTTP 409"))
        #expect(try station.fail(["drones", "register", "observer"] + op).contains("HTTP 400"))
        #expect(try station.fail(["drones", "retire", "ghost"] + op).contains("HTTP 404"))
        let business = try station.run(["register-business", "Acme Bakery", "--json"])
        let key = try #require(
            (try JSONSerialization.jsonObject(with: Data(business.utf8)) as? [String: Any])?["apiKey"] as? String)
        #expect(try station.fail(["drones", "list", "--key", key]).contains("HTTP 403"))

        let retired = try station.run(["drones", "retire", "drone-42"] + op)
        #expect(retired.contains("retired") && retired.contains("mosquitto_passwd -D"))
        let json = try station.run(["drones", "list", "--json"] + op)
        let drones = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["drones"] as? [[String: Any]])
        #expect(drones.map { $0["droneId"] as? String } == ["drone-42", "drone-43"])
        #expect(drones.map { $0["status"] as? String } == ["retired", "active"])
        await station.process.terminate()
    }
}
