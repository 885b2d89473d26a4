import Crypto
import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension RegisteredDrone: ResponseEncodable {}
extension RetiredDrone: ResponseEncodable {}
extension DroneRegistryResponse: ResponseEncodable {}

extension GroundAPI {
    /// The drone registry (operator only): register (with broker credentials shown once), list, retire.
    func addDroneRegistryRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.post("drones") { request, context -> EditedResponse<RegisteredDrone> in
            let account = try context.requireOperator()
            let body = try await request.decodeJSON(RegisterDroneRequest.self, context: context)
            let droneID = try Self.validatedDroneID(body.droneID)
            let drone = ProvisionedDrone(id: droneID, registeredAt: Date())
            do {
                try await store.registerDrone(drone)
            } catch let error as StoreError where error.kind == .constraint {
                throw APIError(
                    .conflict, code: "already_registered", field: "droneId",
                    message: "drone \(droneID) is already registered (ids are never reused)")
            }
            await roster.forget(droneID)
            try await audit.record(actor: account.id, action: "drone.register", subject: droneID)
            let password = APIKey.base64URL(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
            return EditedResponse(
                status: .created,
                response: RegisteredDrone(
                    drone: DroneRegistration(drone), broker: BrokerCredentials(username: droneID, password: password),
                    note:
                        "The password is shown once. Add it to the broker: mosquitto_passwd -b PASSWORD_FILE \(droneID) PASSWORD, then reload the broker."
                ))
        }
        group.get("drones") { _, context -> DroneRegistryResponse in
            try context.requireOperatorView()
            return DroneRegistryResponse(drones: try await store.provisionedDrones().map(DroneRegistration.init))
        }
        group.post("drones/:droneId/retire") { _, context -> RetiredDrone in
            let account = try context.requireOperator()
            let droneID = try context.parameters.require("droneId")
            guard DroneIDRule.problem(with: droneID) == nil else {
                throw APIError(
                    .notFound, code: "not_found", field: "droneId", message: "no registered drone \(droneID)")
            }
            if try await store.retireDrone(id: droneID, at: Date()) {
                try await audit.record(actor: account.id, action: "drone.retire", subject: droneID)
            }
            await roster.forget(droneID)
            await fleet.remove(droneID: droneID)
            guard let drone = try await store.provisionedDrone(id: droneID) else {
                throw APIError(
                    .notFound, code: "not_found", field: "droneId", message: "no registered drone \(droneID)")
            }
            return RetiredDrone(
                drone: DroneRegistration(drone),
                note:
                    "Ground no longer dispatches \(droneID). Remove its broker account: mosquitto_passwd -D PASSWORD_FILE \(droneID), then reload the broker."
            )
        }
    }

    static func validatedDroneID(_ id: String) throws(APIError) -> String {
        if let problem = DroneIDRule.problem(with: id) {
            throw APIError(.badRequest, code: "invalid_value", field: "droneId", message: "droneId \(problem)")
        }
        return id
    }
}
