import Crypto
import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension CreatedWebhookResponse: ResponseEncodable {}
extension WebhookListResponse: ResponseEncodable {}
extension WebhookAttemptListResponse: ResponseEncodable {}

extension GroundAPI {
    /// A business's webhook endpoints: register (secret shown once), list, delete, recent attempts.
    /// Operators list every endpoint and its attempts (the fleet page shows failing ones), and the
    /// operator pager's attempts as those of the webhook `pager`.
    func addWebhookRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.post("webhooks") { request, context -> EditedResponse<CreatedWebhookResponse> in
            let business = try context.requireBusiness()
            let body = try await request.decodeJSON(CreateWebhookRequest.self, context: context)
            let url = try Self.validatedWebhookURL(body.url)
            guard !body.events.isEmpty else {
                throw APIError(
                    .badRequest, code: "invalid_value", field: "events", message: "events: must not be empty")
            }
            guard !body.events.contains(.alert) else {
                throw APIError(
                    .badRequest, code: "invalid_value", field: "events",
                    message: "events: alert is the operator pager's event, not a business event")
            }
            let threshold = body.etaThresholdMinutes ?? 5
            guard threshold.isFinite, (0...1440).contains(threshold) else {
                throw APIError(
                    .badRequest, code: "invalid_value", field: "etaThresholdMinutes",
                    message: "etaThresholdMinutes: must be from 0 to 1440")
            }
            let secret = "whsec_" + APIKey.base64URL(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
            let endpoint = WebhookEndpoint(
                id: "wh_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""),
                businessID: business.id, url: url, events: Set(body.events), etaThresholdMinutes: threshold,
                secret: secret, createdAt: Date())
            try await store.insertWebhook(endpoint)
            try await audit.record(
                actor: Principal.business(business).auditActor, action: "webhook.create", subject: endpoint.id,
                detail: "url=\(url)")
            return EditedResponse(
                status: .created,
                response: CreatedWebhookResponse(webhook: WebhookResponse(endpoint), secret: secret))
        }
        group.get("webhooks") { _, context -> WebhookListResponse in
            let principal = try context.requireAuthenticated()
            return WebhookListResponse(
                webhooks: try await store.webhooks(businessID: principal.tenantID).map(WebhookResponse.init))
        }
        group.delete("webhooks/:webhookId") { _, context -> Response in
            let principal = try context.requireAuthenticated()
            if case .operator = principal { try context.requireOperator() }
            let endpoint = try await visibleWebhook(context, principal: principal)
            guard try await store.deleteWebhook(id: endpoint.id) else {
                throw APIError(.notFound, code: "not_found", message: "no webhook \(endpoint.id)")
            }
            try await audit.record(actor: principal.auditActor, action: "webhook.delete", subject: endpoint.id)
            return Response(status: .noContent)
        }
        group.get("webhooks/:webhookId/attempts") { request, context -> WebhookAttemptListResponse in
            let principal = try context.requireAuthenticated()
            let endpointID: String
            if principal.tenantID == nil, try context.pathID("webhookId") == WebhookOutbox.pagerEndpointID {
                endpointID = WebhookOutbox.pagerEndpointID
            } else {
                endpointID = try await visibleWebhook(context, principal: principal).id
            }
            let limit =
                try Self.boundedInteger(request.uri.queryParameters.get("limit"), field: "limit", range: 1...500) ?? 50
            return WebhookAttemptListResponse(
                attempts: try await store.webhookAttempts(endpointID: endpointID, limit: limit))
        }
    }

    /// The endpoint in the path if the principal may see it (its business, or an operator); 404 otherwise,
    /// so another tenant cannot learn which ids exist.
    func visibleWebhook(_ context: GroundRequestContext, principal: Principal) async throws -> WebhookEndpoint {
        let id = try context.pathID("webhookId")
        guard let endpoint = try await store.webhook(id: id),
            principal.tenantID == nil || principal.tenantID == endpoint.businessID
        else {
            throw APIError(.notFound, code: "not_found", field: "webhookId", message: "no webhook \(id)")
        }
        return endpoint
    }

    /// An absolute http or https URL with a host, at most 2048 characters.
    static func validatedWebhookURL(_ text: String) throws(APIError) -> String {
        guard text.count <= 2048, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else {
            throw APIError(
                .badRequest, code: "invalid_value", field: "url",
                message: "url: must be an absolute http or https URL of at most 2048 characters")
        }
        return text
    }
}
