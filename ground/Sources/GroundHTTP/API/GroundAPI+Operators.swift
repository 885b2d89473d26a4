import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension OperatorKeyResponse: ResponseEncodable {}
extension OperatorListResponse: ResponseEncodable {}

extension GroundAPI {
    /// Named operator accounts (dispatcher role): create, list, remove, rotate a key. Each change is audited.
    func addOperatorRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.post("operators") { request, context -> EditedResponse<OperatorKeyResponse> in
            let actor = try context.requireOperator()
            let body = try await request.decodeJSON(CreateOperatorRequest.self, context: context)
            let name = try body.name.validatedFreeText(field: "name", maxLength: 200)
            let key = OperatorKey.generate()
            let account = OperatorAccount(
                id: "op_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""), name: name,
                role: body.role, keyHash: APIKey.hash(key), createdAt: Date())
            try await store.insertOperator(account)
            try await audit.record(
                actor: actor.id, action: "operator.create", subject: account.id, detail: "role=\(body.role.rawValue)")
            return EditedResponse(
                status: .created,
                response: OperatorKeyResponse(operator: OperatorResponse(account), apiKey: key))
        }
        group.get("operators") { _, context -> OperatorListResponse in
            try context.requireOperator()
            return OperatorListResponse(operators: try await store.operatorAccounts().map(OperatorResponse.init))
        }
        // Its key stops working at once. Neither the bootstrap account (configured, in no table) nor the
        // caller's own account (which would lock the caller out mid-session) can be removed.
        group.delete("operators/:operatorId") { _, context -> Response in
            let actor = try context.requireOperator()
            let id = try context.pathID("operatorId")
            guard id != OperatorAccount.bootstrapID else {
                throw APIError(
                    .conflict, code: "bootstrap_key",
                    message: "the bootstrap account is set with --operator-key; remove it there and restart")
            }
            guard id != actor.id else {
                throw APIError(
                    .conflict, code: "own_account",
                    message: "an operator cannot remove its own account; another dispatcher can")
            }
            guard try await store.deleteOperator(id: id) else {
                throw APIError(.notFound, code: "not_found", field: "operatorId", message: "no operator \(id)")
            }
            // The removed account's key stops at once here, not when its cached verification runs out.
            await authenticator.keysChanged()
            try await audit.record(actor: actor.id, action: "operator.delete", subject: id)
            return Response(status: .noContent)
        }
        // A dispatcher rotates anyone's key; any operator rotates its own.
        group.post("operators/:operatorId/rotate-key") { _, context -> OperatorKeyResponse in
            let actor = try context.requireOperatorView()
            let id = try context.pathID("operatorId")
            if actor.id != id { try context.requireOperator() }
            guard id != OperatorAccount.bootstrapID else {
                throw APIError(
                    .conflict, code: "bootstrap_key",
                    message: "the bootstrap key is set with --operator-key; change it there and restart")
            }
            let key = OperatorKey.generate()
            let rotated = try await store.rotateOperatorKey(id: id, keyHash: APIKey.hash(key), at: Date())
            // The replaced key stops at once here, not when its cached verification runs out.
            if rotated { await authenticator.keysChanged() }
            guard rotated,
                let account = try await store.operatorAccount(id: id)
            else {
                throw APIError(.notFound, code: "not_found", field: "operatorId", message: "no operator \(id)")
            }
            try await audit.record(actor: actor.id, action: "operator.rotateKey", subject: id)
            return OperatorKeyResponse(operator: OperatorResponse(account), apiKey: key)
        }
    }
}
