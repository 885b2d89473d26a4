import FleetProtocol
import Foundation
import GroundHTTP
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import GroundCore

/// What the browser pages rely on: tracking tokens, the public service area, the fleet stream and
/// the static files. The pages themselves are driven in Chromium by Tests/python/test_web_pages.py.
@Suite("Browser page support")
struct WebSupportTests {
    @Test func trackingTokenOpensItsOwnDeliveryReadOnly() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            let keyA = try await APIHarness.register(client, name: "Shop A")
            let keyB = try await APIHarness.register(client, name: "Shop B")
            let (idA, tokenA, url) = try await client.execute(
                uri: "/v1/deliveries", method: .post, headers: APIHarness.auth(keyA),
                body: APIHarness.body(APIHarness.validDelivery)
            ) { response in
                let o = APIHarness.object(response)
                return (
                    o["id"] as? String ?? "", o["trackingToken"] as? String ?? "", o["trackingUrl"] as? String ?? ""
                )
            }
            #expect(tokenA.count == 43)
            #expect(url == "/ui/track.html?delivery=\(idA)&token=\(tokenA)")
            let idB = try await APIHarness.book(client, key: keyB)
            // The owner, the operator and the token holder all see the same token.
            for key in [keyA, APIHarness.operatorKey] {
                try await client.execute(uri: "/v1/deliveries/\(idA)", method: .get, headers: APIHarness.auth(key)) {
                    response in
                    #expect(APIHarness.object(response)["trackingToken"] as? String == tokenA)
                }
            }
            try await client.execute(uri: "/v1/deliveries/\(idA)?token=\(tokenA)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(APIHarness.object(response)["id"] as? String == idA)
            }
            // Another delivery, an unknown id and a changed token all get the same refusal. The first character
            // is changed: it carries six bits of the MAC (the last one carries padding bits too), and it is made
            // to differ whatever it was.
            let changed = (tokenA.first == "A" ? "B" : "A") + tokenA.dropFirst()
            for uri in [
                "/v1/deliveries/\(idB)?token=\(tokenA)", "/v1/deliveries/dlv_nope?token=\(tokenA)",
                "/v1/deliveries/\(idA)?token=\(changed)", "/v1/deliveries/\(idB)/track?token=\(tokenA)",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect(APIHarness.errorCode(response) == "invalid_token", "\(uri)")
                }
            }
            // The token reads; it neither lists, cancels nor overrides.
            for (uri, method) in [
                ("/v1/deliveries?token=\(tokenA)", HTTPRequest.Method.get),
                ("/v1/deliveries/\(idA)/cancel?token=\(tokenA)", .post),
            ] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                }
            }
            try await client.execute(uri: "/v1/deliveries/\(idA)/cancel", method: .post, headers: APIHarness.auth(keyA))
            { response in
                #expect(APIHarness.object(response)["status"] as? String == "cancelled")
            }
            // A finished delivery's stream is its final update, and the token opens it.
            try await client.execute(uri: "/v1/deliveries/\(idA)/track?token=\(tokenA)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(
                    TrackingTests.updates(String(buffer: response.body)).map { $0["status"] as? String } == [
                        "cancelled"
                    ])
            }
        }
    }

    @Test func serviceAreaIsPublicGeoJSON() async throws {
        let fence = try Geofence(vertices: [
            GeoPoint(lat: 47.30, lon: 8.40), GeoPoint(lat: 47.30, lon: 8.70), GeoPoint(lat: 47.50, lon: 8.55),
        ])
        let h = try await APIHarness(serviceArea: ServiceArea(fence))
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            try await client.execute(uri: "/v1/service-area", method: .get) { response in
                #expect(response.status == .ok)
                let o = APIHarness.object(response)
                #expect(o["type"] as? String == "FeatureCollection")
                #expect(o["unrestricted"] as? Bool == false)
                let feature = try #require((o["features"] as? [[String: Any]])?.first)
                let ring = try #require(
                    ((feature["geometry"] as? [String: Any])?["coordinates"] as? [[[Double]]])?.first)
                // GeoJSON order is [lon, lat], and the ring is closed.
                #expect(ring == [[8.40, 47.30], [8.70, 47.30], [8.55, 47.50], [8.40, 47.30]])
            }
        }
    }

    @Test func fleetStreamSendsTheFleetThenEachChangedDrone() async throws {
        let h = try await APIHarness(heartbeat: .milliseconds(300), fleetStreamInterval: .milliseconds(50))
        defer { h.dir.remove() }
        try await h.app().test(.live) { client in
            let business = try await APIHarness.register(client, name: "Shop")
            try await client.execute(uri: "/v1/fleet/stream", method: .get, headers: APIHarness.auth(business)) {
                response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/fleet/stream", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            let port = try #require(client.port)
            let log = h.dir.file("fleet-stream.log")
            let curl = try await SSECurl.start(
                "http://127.0.0.1:\(port)/v1/fleet/stream", bearer: APIHarness.operatorKey, logFile: log,
                maxTime: .seconds(3))
            try await waitUntil("fleet snapshot") {
                ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("event: fleet")
            }
            for (i, lat) in [47.371, 47.372].enumerated() {
                await h.api.fleet.apply(telemetry: [Self.sample(lat: lat, heading: 90 + Double(i))], deliveries: [:])
                try await Task.sleep(for: .milliseconds(200))
            }
            _ = try await curl.waitForExit(timeout: .seconds(10))
            let text = try String(contentsOf: log, encoding: .utf8)
            let frames = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
            #expect(frames.first?.hasPrefix("event: fleet\n") == true)
            let snapshot = try #require(
                GroundStation.events(in: frames.first ?? "").first?["drones"] as? [[String: Any]])
            #expect(snapshot.map { $0["droneID"] as? String } == ["drone-1"])
            let changes = frames.filter { $0.hasPrefix("event: drone\n") }.flatMap { GroundStation.events(in: $0) }
            // One event per change, not per tick: the two samples, and nothing while nothing moved.
            #expect(changes.count == 2)
            #expect(changes.map { ($0["position"] as? [String: Any])?["lat"] as? Double } == [47.371, 47.372])
            #expect(changes.last?["headingDeg"] as? Double == 91)
            #expect(text.contains(": heartbeat\n\n"))
        }
    }

    @Test func servesThePagesAndNothingOutsideTheirFolder() async throws {
        let root = try #require(WebRoot.locate(configured: nil))
        let h = try await APIHarness(webRoot: root)
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            for page in ["fleet.html", "track.html", "analytics.html", "common.js", "style.css"] {
                try await client.execute(uri: "/ui/\(page)", method: .get) { response in
                    #expect(response.status == .ok, "\(page)")
                    #expect(response.body.readableBytes > 100, "\(page)")
                }
            }
            try await client.execute(uri: "/ui/fleet.html", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/ui/")
            }
            for uri in ["/ui/../Package.swift", "/ui/%2e%2e/Package.swift", "/ui/missing.js"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound || response.status == .badRequest, "\(uri)")
                }
            }
            // API errors keep their JSON shape with pages served.
            try await client.execute(
                uri: "/v1/deliveries/nope", method: .get, headers: APIHarness.auth(APIHarness.operatorKey)
            ) { response in
                #expect(APIHarness.errorCode(response) == "not_found")
            }
        }
        let bare = try await APIHarness()
        defer { bare.dir.remove() }
        try await bare.app().test(.router) { client in
            try await client.execute(uri: "/ui/fleet.html", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    static func sample(lat: Double, heading: Double) -> Telemetry {
        Telemetry(
            droneID: try! DroneID("drone-1"), seq: 1, timeMs: Int64(Date().timeIntervalSince1970 * 1000),
            position: .init(lat: lat, lon: 8.54, altAmslM: 480, altRelM: 60),
            velocity: .init(northMps: 0, eastMps: 10, downMps: 0), headingDeg: heading,
            battery: .init(percent: 70, voltageV: 23), flightMode: "mission", armed: true, landedState: .inAir,
            gps: .init(fixType: 3, satellites: 12))
    }

    @Test func servesLeafletFromItsOwnFolderAndTellsThePagesTheTiles() async throws {
        let root = try #require(WebRoot.locate(configured: nil))
        let h = try await APIHarness(webRoot: root)
        defer { h.dir.remove() }
        let leaflet = h.dir.file("leaflet")
        try FileManager.default.createDirectory(at: leaflet, withIntermediateDirectories: true)
        let script = "/* Leaflet stand-in of this test: its bytes are what must come back */ var L = {};"
        try script.write(to: leaflet.appendingPathComponent("leaflet.js"), atomically: true, encoding: .utf8)
        var api = h.api
        api.webMap = WebMap(
            tiles: "http://127.0.0.1:9/tiles/{z}/{x}/{y}.png", attribution: "Tiles <b>& co</b>",
            leafletRoot: leaflet.path)
        try await Application(router: api.makeRouter()).test(.router) { client in
            try await client.execute(uri: "/ui/leaflet/leaflet.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == script)
            }
            // The pages' own files still come from the web root, Leaflet's folder adds nothing else.
            try await client.execute(uri: "/ui/track.html", method: .get) { response in #expect(response.status == .ok)
            }
            for uri in ["/ui/leaflet/missing.js", "/ui/leaflet/../fleet.html/x", "/ui/leaflet/%2e%2e/leaflet.js"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound || response.status == .badRequest, "\(uri)")
                }
            }
            try await client.execute(uri: "/ui/map.json", method: .get) { response in
                let settings = APIHarness.object(response)
                #expect(settings["tiles"] as? String == "http://127.0.0.1:9/tiles/{z}/{x}/{y}.png")
                #expect(settings["attribution"] as? String == "Tiles <b>& co</b>")
                #expect(settings["leaflet"] as? String == "/ui/leaflet/")
            }
        }
        // Without Leaflet the pages are told there are no tiles, with an explicit null.
        var bare = h.api
        bare.webMap = WebMap(tiles: WebMap.openStreetMapTiles, leafletRoot: nil)
        try await Application(router: bare.makeRouter()).test(.router) { client in
            try await client.execute(uri: "/ui/map.json", method: .get) { response in
                let settings = APIHarness.object(response)
                #expect(settings.keys.contains("tiles") && settings["tiles"] is NSNull)
                #expect(settings["leaflet"] is NSNull)
                #expect(settings["attribution"] as? String == WebMap.openStreetMapAttribution)
            }
            try await client.execute(uri: "/ui/leaflet/leaflet.js", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
