import Foundation
import Hummingbird
import HummingbirdTesting
import TestSupport

@testable import GroundCore
@testable import GroundHTTP
@testable import GroundObservability
@testable import GroundStore

/// A dispatcher for unit tests: answers with a preset decision and records every call.
actor RecordingDispatcher: Dispatcher {
    var decision: DispatchDecision
    private(set) var dispatched: [String] = []
    private(set) var cancelled: [String] = []
    private(set) var commands: [String] = []
    var commandError: DispatchError?

    init(decision: DispatchDecision) {
        self.decision = decision
    }

    func setDecision(_ decision: DispatchDecision) { self.decision = decision }

    func dispatch(_ delivery: Delivery) async -> DispatchDecision {
        dispatched.append(delivery.id)
        return decision
    }

    func cancel(_ delivery: Delivery) async { cancelled.append(delivery.id) }

    func command(_ command: FleetCommand, droneID: String) async throws(DispatchError) {
        if let commandError { throw commandError }
        commands.append("\(command.rawValue):\(droneID)")
    }
}

/// A real API over a real SQLite file in a temp dir, with a recording dispatcher.
struct APIHarness {
    static let operatorKey = "op-secret-key"
    static let etaPickup = Date(timeIntervalSince1970: 1_900_000_000)
    static let etaDropoff = Date(timeIntervalSince1970: 1_900_000_600)

    let dir: TemporaryDirectory
    let store: SQLiteGroundStore
    let dispatcher: RecordingDispatcher
    let api: GroundAPI

    init(
        decision: DispatchDecision = .scheduled(
            droneID: "drone-1", assignmentID: "asg-1", etaPickup: etaPickup, etaDropoff: etaDropoff),
        serviceArea: ServiceArea = .unrestricted, heartbeat: Duration = .seconds(15), limits: APILimits = .default,
        webRoot: String? = nil, fleetStreamInterval: Duration = .milliseconds(500),
        credentials: CredentialPolicy = .default
    ) async throws {
        dir = try TemporaryDirectory()
        store = try SQLiteGroundStore(path: dir.sqlitePath())
        dispatcher = RecordingDispatcher(decision: decision)
        // The one live drone is a provisioned one, as every drone ground believes must be.
        try await store.registerDrone(ProvisionedDrone(id: "drone-1", registeredAt: Date()))
        let fleet = FleetRegistry([DroneLiveState(droneID: "drone-1", online: true, batteryPercent: 88, phase: .landed)]
        )
        let deliveries = DeliveryService(store: store, dispatcher: dispatcher, serviceArea: serviceArea)
        api = GroundAPI(
            store: store, deliveries: deliveries, fleet: fleet, dispatcher: dispatcher,
            authenticator: Authenticator(store: store, operatorCredential: OperatorCredential(key: Self.operatorKey)),
            metrics: GroundMetrics(), heartbeat: heartbeat, limits: limits, webRoot: webRoot,
            fleetStreamInterval: fleetStreamInterval, credentials: credentials
        )
    }

    func app() -> some ApplicationProtocol {
        Application(responder: api.makeResponder())
    }

    static func auth(_ key: String?) -> HTTPFields {
        guard let key else { return [:] }
        return [.authorization: "Bearer \(key)"]
    }

    static func json(_ object: Any) -> ByteBuffer {
        ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]) ?? [:]
    }

    static func errorField(_ response: TestResponse) -> String? {
        (object(response)["error"] as? [String: Any])?["field"] as? String
    }

    static func errorCode(_ response: TestResponse) -> String? {
        (object(response)["error"] as? [String: Any])?["code"] as? String
    }

    static let validDelivery =
        #"{"pickup":{"lat":47.37,"lon":8.54},"dropoff":{"lat":47.39,"lon":8.51},"weightKg":1.5,"size":"small"}"#

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    /// Registers a business and returns its key.
    static func register(_ client: some TestClientProtocol, name: String) async throws -> String {
        try await client.execute(uri: "/v1/businesses", method: .post, body: json(["name": name])) { response in
            object(response)["apiKey"] as? String ?? ""
        }
    }

    /// Books a delivery and returns its id.
    static func book(_ client: some TestClientProtocol, key: String) async throws -> String {
        try await client.execute(uri: "/v1/deliveries", method: .post, headers: auth(key), body: body(validDelivery)) {
            response in
            object(response)["id"] as? String ?? ""
        }
    }
}
