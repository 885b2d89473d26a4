import Foundation
import Logging
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundStore

/// Issue 18 point 2 across processes: two real ground-control instances on one PostgreSQL, 50 parallel
/// cancels of one delivery split between them. The compare-and-set on the shared row lets exactly one win.
@Suite("Scale-out: one winner per transition across instances", .serialized, .timeLimit(TestPace.timeLimit(minutes: 2)))
struct ScaleOutRaceTests {
    @Test func parallelCancelsThroughTwoInstancesHaveOneWinner() async throws {
        let dir = try TemporaryDirectory(prefix: "scale-race")
        let broker = try await MosquittoBroker.start()
        let server = try await PostgresServer.shared()
        let database = try await server.createDatabase(prefix: "race")
        let instances = [
            try await ScaleOutInstance.start("race0", database: database, broker: broker, dir: dir),
            try await ScaleOutInstance.start("race1", database: database, broker: broker, dir: dir),
        ]
        let (registered, business) = try await instances[0].request(
            "POST", "/v1/businesses", key: nil, body: ["name": "Race Shop"])
        #expect(registered == 201)
        let key = try #require(business["apiKey"] as? String)
        let (booked, created) = try await instances[1].request(
            "POST", "/v1/deliveries", key: key, body: ScaleOutTests.booking)
        #expect([201, 202].contains(booked), "scheduled or queued (no drone here)")
        let id = try #require(created["id"] as? String)

        let answers = await withTaskGroup(of: (Int, String?).self) { group in
            for index in 0..<50 {
                let instance = instances[index % 2]
                group.addTask {
                    do {
                        let (status, body) = try await instance.request("POST", "/v1/deliveries/\(id)/cancel", key: key)
                        return (status, (body["error"] as? [String: Any])?["currentStatus"] as? String)
                    } catch {
                        return (0, "\(error)")
                    }
                }
            }
            return await group.reduce(into: [(Int, String?)]()) { $0.append($1) }
        }
        #expect(answers.filter { $0.0 == 200 }.count == 1, "\(answers)")
        #expect(answers.filter { $0.0 == 409 && $0.1 == "cancelled" }.count == 49, "\(answers)")
        let store = try await DatabaseLocation(database).open(
            telemetryPolicy: .default, logger: Logger(label: "scale-race-test"))
        let history = try await store.history(deliveryID: id).map(\.to)
        #expect(history.filter { $0 == .cancelled }.count == 1, "\(history)")
        #expect(try await store.delivery(id: id)?.status == .cancelled)
        try? await store.close()
        for instance in instances { await instance.process.terminate() }
        await broker.shutdown()
        dir.remove()
    }
}
