import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundCore
@testable import GroundHTTP

/// `POST /v1/drones`, `GET /v1/drones`, `POST /v1/drones/{droneId}/retire`: operator only, ids
/// checked, credentials shown once, a retired drone gone from the fleet view.
@Suite("Drone registry API")
struct DroneRegistryAPITests {
    @Test func registerListRetire() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let op = APIHarness.auth(APIHarness.operatorKey)
        try await h.app().test(.router) { client in
            var password = ""
            try await client.execute(
                uri: "/v1/drones", method: .post, headers: op, body: APIHarness.json(["droneId": "drone-7"])
            ) { response in
                #expect(response.status == .created)
                let body = APIHarness.object(response)
                let drone = body["drone"] as? [String: Any] ?? [:]
                #expect(drone["droneId"] as? String == "drone-7")
                #expect(drone["status"] as? String == "active")
                #expect(drone["registeredAt"] is String)
                let broker = body["broker"] as? [String: Any] ?? [:]
                #expect(broker["username"] as? String == "drone-7")
                password = broker["password"] as? String ?? ""
                #expect((body["note"] as? String)?.contains("mosquitto_passwd") == true)
            }
            #expect(password.count >= 40, "256 random bits")
            try await client.execute(
                uri: "/v1/drones", method: .post, headers: op, body: APIHarness.json(["droneId": "drone-8"])
            ) { response in
                let other = (APIHarness.object(response)["broker"] as? [String: Any])?["password"] as? String
                #expect(other != nil && other != password, "every drone its own password")
            }
            try await client.execute(
                uri: "/v1/drones", method: .post, headers: op, body: APIHarness.json(["droneId": "drone-7"])
            ) { response in
                #expect(response.status == .conflict)
                #expect(APIHarness.errorField(response) == "droneId")
            }
            for bad in ["", "a/b", "drone+", "#", "observer", "ground", String(repeating: "x", count: 65)] {
                try await client.execute(
                    uri: "/v1/drones", method: .post, headers: op, body: APIHarness.json(["droneId": bad])
                ) { response in
                    #expect(response.status == .badRequest, "\(bad)")
                    #expect(APIHarness.errorField(response) == "droneId", "\(bad)")
                }
            }
            try await client.execute(uri: "/v1/drones", method: .get, headers: op) { response in
                #expect(response.status == .ok)
                let drones = APIHarness.object(response)["drones"] as? [[String: Any]] ?? []
                #expect(drones.map { $0["droneId"] as? String } == ["drone-1", "drone-7", "drone-8"])
                #expect(drones.allSatisfy { $0["status"] as? String == "active" })
                #expect(!String(buffer: response.body).contains(password), "the password is never shown again")
            }
            // drone-1 is live: retiring it takes it off the fleet view at once.
            try await client.execute(uri: "/v1/fleet/drone-1", method: .get, headers: op) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/drones/drone-1/retire", method: .post, headers: op) { response in
                #expect(response.status == .ok)
                let body = APIHarness.object(response)
                #expect((body["drone"] as? [String: Any])?["status"] as? String == "retired")
                #expect((body["note"] as? String)?.contains("mosquitto_passwd -D") == true)
            }
            try await client.execute(uri: "/v1/fleet/drone-1", method: .get, headers: op) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/fleet", method: .get, headers: op) { response in
                #expect((APIHarness.object(response)["drones"] as? [[String: Any]])?.isEmpty == true)
            }
            try await client.execute(uri: "/v1/drones/ghost/retire", method: .post, headers: op) { response in
                #expect(response.status == .notFound)
            }
            // A retired id is never registered again (its history refers to it).
            try await client.execute(
                uri: "/v1/drones", method: .post, headers: op, body: APIHarness.json(["droneId": "drone-1"])
            ) { response in
                #expect(response.status == .conflict)
            }
        }
        #expect(try await h.store.provisionedDrone(id: "drone-1")?.status == .retired)
    }

    @Test func businessKeyIsForbidden() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let key = try await APIHarness.register(client, name: "Shop")
            try await client.execute(
                uri: "/v1/drones", method: .post, headers: APIHarness.auth(key),
                body: APIHarness.json(["droneId": "drone-9"])
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/drones", method: .get, headers: APIHarness.auth(key)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/drones/drone-1/retire", method: .post, headers: APIHarness.auth(key)) {
                response in
                #expect(response.status == .forbidden)
            }
        }
        #expect(try await h.store.provisionedDrone(id: "drone-9") == nil)
        #expect(try await h.store.provisionedDrone(id: "drone-1")?.status == .active)
    }
}
