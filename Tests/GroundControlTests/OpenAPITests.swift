import Foundation
import GroundAPIModel
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GroundCore
@testable import GroundHTTP

@Suite("OpenAPI document matches the router")
struct OpenAPITests {
    static func document() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/openapi.json")
        let data = try Data(contentsOf: url)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        let doc = try Self.document()
        #expect(doc["openapi"] as? String == "3.1.0")
        let paths = try #require(doc["paths"] as? [String: [String: Any]])
        let documented = Set(
            paths.flatMap { path, operations in
                operations.keys.filter { ["get", "post", "put", "patch", "delete"].contains($0) }.map {
                    "\($0.uppercased()) \(path)"
                }
            })
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let registered = Set(h.api.makeRouter().routes.map { "\($0.method.rawValue) \($0.path.description)" })
        #expect(
            documented == registered,
            "only in spec: \(documented.subtracting(registered)); only in router: \(registered.subtracting(documented))"
        )
    }

    @Test func responsesHaveTheDocumentedRequiredFields() async throws {
        let doc = try Self.document()
        let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        let requiredByName = schemas.mapValues { Set($0["required"] as? [String] ?? []) }
        let statuses = (schemas["DeliveryStatus"]?["enum"] as? [String]).map(Set.init)
        @Sendable func required(_ name: String) -> Set<String> { requiredByName[name] ?? [] }
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let registered = try await client.execute(
                uri: "/v1/businesses", method: .post, body: APIHarness.json(["name": "Shop"])
            ) { APIHarness.object($0) }
            #expect(required("RegisteredBusiness").isSubset(of: Set(registered.keys)))
            let key = registered["apiKey"] as? String ?? ""
            let delivery = try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(key),
                body: APIHarness.body(APIHarness.validDelivery)
            ) { APIHarness.object($0) }
            #expect(
                required("Delivery").isSubset(of: Set(delivery.keys)),
                "missing \(required("Delivery").subtracting(delivery.keys))")
            #expect(statuses == Set(DeliveryStatus.allCases.map(\.rawValue)))
            let error = try await client.execute(
                uri: "/v1/deliveries/nope", method: .get, headers: APIHarness.auth(key)
            ) { APIHarness.object($0) }
            #expect(Set(error.keys) == required("Error"))
            let fleet = try await client.execute(
                uri: "/v1/fleet", method: .get, headers: APIHarness.auth(APIHarness.operatorKey)
            ) { APIHarness.object($0) }
            let drone = try #require((fleet["drones"] as? [[String: Any]])?.first)
            #expect(required("DroneState").isSubset(of: Set(drone.keys)))
        }
    }

    /// Every property a fully known drone is served with is in the DroneState schema (and its profile in
    /// VehicleProfile), so a field added to the code cannot stay undocumented.
    @Test func droneStateHasNoUndocumentedProperty() throws {
        let doc = try Self.document()
        let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        func documented(_ name: String) -> Set<String> {
            Set((schemas[name]?["properties"] as? [String: Any] ?? [:]).keys)
        }
        let full = DroneLiveState(
            droneID: "d1", online: true, position: .init(lat: 47, lon: 8, alt: 400), batteryPercent: 80, groundSpeed: 3,
            headingDeg: 270,
            phase: .enRouteToPickup, assignmentID: "a1", deliveryID: "del1", home: .init(lat: 47, lon: 8),
            maxPayloadKg: 2.5,
            profile: .default, healthy: true, lastSeen: Date())
        let object = try #require(
            try JSONSerialization.jsonObject(with: try GroundJSON.encoder().encode(full)) as? [String: Any])
        #expect(
            Set(object.keys).subtracting(documented("DroneState")).isEmpty,
            "undocumented: \(Set(object.keys).subtracting(documented("DroneState")))")
        let profile = try #require(object["profile"] as? [String: Any])
        #expect(
            Set(profile.keys) == documented("VehicleProfile"), "VehicleProfile schema vs code: \(profile.keys.sorted())"
        )
    }

    /// The request enums the API decodes match the schema (the fuzz seeds cover every documented value).
    @Test func requestEnumsMatchTheCode() throws {
        let doc = try Self.document()
        let schemas = try #require((doc["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        func values(_ schema: String, _ property: String) -> Set<String>? {
            ((schemas[schema]?["properties"] as? [String: [String: Any]])?[property]?["enum"] as? [String]).map(
                Set.init)
        }
        #expect(values("OverrideRequest", "action") == Set(OverrideAction.allCases.map(\.rawValue)))
        #expect(values("DeliveryRequest", "size") == Set(PackageSize.allCases.map(\.rawValue)))
    }
}
