import Foundation
import GroundCore
import GroundHTTP
import GroundObservability
import GroundStore
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded

/// Fuzzes the ground HTTP API's JSON request bodies through the real router: the same
/// `Request.decodeJSON` → validation → `APIError` path every route uses, over a real SQLite store.
///
/// The first input byte selects the route (modulo ``Route/allCases`` count: the ASCII digits `0`…`3` of
/// the seed files); the rest is the body. Invariants:
/// - `no-server-error`: no body makes the API answer 5xx (an error that escaped the mapping to 4xx).
/// - `error-shape`: every 4xx answer is `{"error": {"code", "field"?, "message"}}`, and a
///   `missing_field` error names the field.
/// - `success-shape`: a registration answers 201 with an API key; a booking 201/202 with the delivery id;
///   an override of the unknown id never succeeds.
/// - `override-outcome`: an override of an existing delivery that succeeds answers 200 with that
///   delivery in the status its action leads to (cancel → cancelled, fail → failed, reassign and assign →
///   requested again: the fuzzer's dispatcher queues), and `assign` only ever succeeds for the drone the
///   fleet registry knows.
public actor GroundHTTPFuzzer {
    private static let target = FuzzTarget.groundHTTP
    /// The route a fuzz input is sent to.
    public enum Route: Int, CaseIterable, Sendable {
        /// `POST /v1/businesses` (`{"name"}`), no key.
        case registerBusiness
        /// `POST /v1/deliveries` (`DeliveryRequest`), with a business key.
        case createDelivery
        /// `POST /v1/deliveries/{id}/override` (`{"action", "reason"?, "droneId"?}`), with the operator
        /// key, for an id that does not exist: the body is decoded before the lookup.
        case overrideMissingDelivery
        /// The same override body for a delivery booked just before (one booking per input), so the
        /// override and manual-dispatch logic behind the lookup runs too.
        case overrideDelivery
    }

    private static let operatorKey = "fuzz-operator-key"
    /// The one drone the fuzzer's fleet registry knows (online, healthy): `assign` with it gets past the
    /// drone lookup into ``DeliveryService/override(_:action:reason:droneID:)``.
    public static let knownDrone = "sr-fuzz-1"
    /// A valid booking: the delivery each ``Route/overrideDelivery`` input overrides.
    private static let booking = Array(
        #"{"pickup":{"lat":47.37,"lon":8.54},"dropoff":{"lat":47.39,"lon":8.51},"weightKg":1.5,"size":"small"}"#.utf8)
    private let responder: RouterResponder<GroundRequestContext>
    private let store: SQLiteGroundStore
    // Hummingbird's context wants a channel; nothing is written to it (the router is called directly).
    private let channel = NIOAsyncTestingChannel()
    private let logger = Logger(label: "skyrelay.fuzz.ground-http")
    private var businessKey = ""

    /// One API over a fresh SQLite file in `directory`, shared by every input of a run.
    public init(directory: URL) throws {
        store = try SQLiteGroundStore(path: directory.appendingPathComponent("ground.sqlite").path)
        let dispatcher = QueueingDispatcher(reason: "fuzzing")
        let api = GroundAPI(
            store: store, deliveries: DeliveryService(store: store, dispatcher: dispatcher),
            fleet: FleetRegistry([
                DroneLiveState(droneID: Self.knownDrone, online: true, batteryPercent: 90, phase: .landed)
            ]),
            dispatcher: dispatcher,
            authenticator: Authenticator(store: store, operatorCredential: OperatorCredential(key: Self.operatorKey)),
            metrics: GroundMetrics(),
            // Inputs arrive far faster than any client may send: a rate limit would answer 429 to most of them.
            limits: APILimits(requestsPerSecond: 1e9, burst: Int(Int32.max))
        )
        responder = api.makeRouter().buildResponder()
    }

    /// The fuzzer of this process, over a temporary directory, created on first use.
    public static func shared() async throws(FuzzFinding) -> GroundHTTPFuzzer {
        do {
            return try await sharedInstance.value
        } catch {
            throw target.finding("setup", "cannot set up the ground API: \(error)")
        }
    }

    /// Where the shared instance keeps its database; removed when the process exits normally (a crashed
    /// run leaves it for inspection).
    private static let sharedDirectory = FileManager.default.temporaryDirectory
        .appendingPathComponent("skyrelay-fuzz-ground-\(ProcessInfo.processInfo.processIdentifier)")

    private static let sharedInstance = Task {
        try FileManager.default.createDirectory(at: sharedDirectory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: GroundHTTPFuzzer.sharedDirectory) }
        let fuzzer = try GroundHTTPFuzzer(directory: sharedDirectory)
        try await fuzzer.registerBusiness()
        try await fuzzer.registerKnownDrone()
        return fuzzer
    }

    /// One input's answer; `delivery` is the id an ``Route/overrideDelivery`` input overrode.
    public struct Answer: Sendable {
        public var route: Route
        public var status: Int
        public var body: [UInt8]
        public var delivery: String?
    }

    /// Sends the input to its route (booking the delivery to override first) and returns the answer;
    /// nil for an empty input.
    public func respond(to input: [UInt8]) async throws(FuzzFinding) -> Answer? {
        guard let selector = input.first else { return nil }
        let route = Route(rawValue: Int(selector) % Route.allCases.count) ?? .registerBusiness
        var delivery: String?
        if route == .overrideDelivery {
            let (status, booked) = try await send(.createDelivery, body: Self.booking)
            let id = ((try? JSONSerialization.jsonObject(with: Data(booked))) as? [String: Any])?["id"] as? String
            guard [201, 202].contains(status), let id else {
                throw Self.target.finding("setup", "booking the delivery to override answered \(status)")
            }
            delivery = id
        }
        let (status, answer) = try await send(route, body: Array(input.dropFirst()), delivery: delivery)
        return Answer(route: route, status: status, body: answer, delivery: delivery)
    }

    public func fuzz(_ input: [UInt8]) async throws(FuzzFinding) {
        guard let answer = try await respond(to: input) else { return }
        let (route, status) = (answer.route, answer.status)
        try Self.target.require(
            status < 500, "no-server-error",
            "\(route) answered \(status): \(String(decoding: answer.body, as: UTF8.self))")
        if status >= 400 {
            try checkErrorShape(answer.body, route: route, status: status)
            return
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any]
        switch route {
        case .registerBusiness:
            try Self.target.require(
                status == 201 && !((object?["apiKey"] as? String) ?? "").isEmpty, "success-shape",
                "registration answered \(status) without an API key")
        case .createDelivery:
            try Self.target.require(
                [201, 202].contains(status) && !((object?["id"] as? String) ?? "").isEmpty, "success-shape",
                "booking answered \(status) without an id")
        case .overrideMissingDelivery:
            throw Self.target.finding("success-shape", "override of a delivery that does not exist answered \(status)")
        case .overrideDelivery:
            try checkOverrideOutcome(
                input: Array(input.dropFirst()), status: status, object: object, delivery: answer.delivery)
        }
    }

    /// What the API read from an override body: decoded with Foundation's JSONDecoder as the API does, so
    /// duplicate keys and escapes resolve the same way.
    private struct OverrideBody: Decodable {
        var action: String?
        var droneID: String?
        enum CodingKeys: String, CodingKey {
            case action
            case droneID = "droneId"
        }
    }

    /// The body decoded (the API answered 2xx), so `action` and `droneId` are what the API read.
    private func checkOverrideOutcome(input: [UInt8], status: Int, object: [String: Any]?, delivery: String?)
        throws(FuzzFinding)
    {
        let request = try? JSONDecoder().decode(OverrideBody.self, from: Data(input))
        let action = request?.action ?? "?"
        try Self.target.require(
            status == 200 && object?["id"] as? String == delivery, "override-outcome",
            "\(action) of \(delivery ?? "-") answered \(status) with id \(object?["id"] as? String ?? "none")")
        let expected =
            switch action {
            case "cancel": "cancelled"
            case "fail": "failed"
            default: "requested"
            }
        let found = object?["status"] as? String ?? "none"
        try Self.target.require(
            found == expected, "override-outcome", "\(action) left the delivery \(found), not \(expected)")
        if action == "assign" {
            let drone = request?.droneID
            try Self.target.require(
                drone == Self.knownDrone, "override-outcome",
                "assign succeeded for drone \(drone ?? "none"), which the fleet does not know")
        }
    }

    private func checkErrorShape(_ answer: [UInt8], route: Route, status: Int) throws(FuzzFinding) {
        let error =
            ((try? JSONSerialization.jsonObject(with: Data(answer))) as? [String: Any])?["error"] as? [String: Any]
        let code = error?["code"] as? String ?? ""
        try Self.target.require(
            !code.isEmpty && error?["message"] is String, "error-shape",
            "\(route) answered \(status) with \(String(decoding: answer, as: UTF8.self))")
        if code == "missing_field" {
            try Self.target.require(
                error?["field"] is String, "error-shape", "\(route): missing_field error without a field")
        }
    }

    /// Ground believes only registered drones: the known drone is provisioned as an operator would.
    private func registerKnownDrone() async throws {
        try await store.registerDrone(ProvisionedDrone(id: Self.knownDrone, registeredAt: Date()))
    }

    private func registerBusiness() async throws {
        let (status, answer) = try await send(.registerBusiness, body: Array(#"{"name":"Fuzz Deliveries"}"#.utf8))
        let object = (try? JSONSerialization.jsonObject(with: Data(answer))) as? [String: Any]
        guard status == 201, let key = object?["apiKey"] as? String else {
            throw Self.target.finding("setup", "registering the fuzz business answered \(status)")
        }
        businessKey = key
    }

    private func send(_ route: Route, body: [UInt8], delivery: String? = nil) async throws(FuzzFinding) -> (
        status: Int, body: [UInt8]
    ) {
        let path: String
        var headers: HTTPFields = [.contentType: "application/json"]
        switch route {
        case .registerBusiness:
            path = "/v1/businesses"
        case .createDelivery:
            path = "/v1/deliveries"
            headers[.authorization] = "Bearer \(businessKey)"
        case .overrideMissingDelivery:
            path = "/v1/deliveries/dlv_doesnotexist/override"
            headers[.authorization] = "Bearer \(Self.operatorKey)"
        case .overrideDelivery:
            path = "/v1/deliveries/\(delivery ?? "")/override"
            headers[.authorization] = "Bearer \(Self.operatorKey)"
        }
        let request = Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: path, headerFields: headers),
            body: RequestBody(buffer: ByteBuffer(bytes: body))
        )
        let context = GroundRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
        do {
            let response = try await responder.respond(to: request, context: context)
            let collector = BodyCollector()
            try await response.body.write(collector)
            return (response.status.code, await collector.bytes)
        } catch {
            // The error middleware turns every route error into a response; anything thrown past it
            // would reach the HTTP server as a dropped connection.
            throw Self.target.finding("no-server-error", "\(route) threw past the error middleware: \(error)")
        }
    }
}
