import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension DeliveryListResponse: ResponseEncodable {}

extension GroundAPI {
    func addDeliveryRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.post("deliveries") { request, context -> EditedResponse<DeliveryResponse> in
            let business = try context.requireBusiness()
            let body = try await request.decodeJSON(DeliveryRequest.self, context: context)
            let delivery: Delivery
            do {
                delivery = try await deliveries.create(businessID: business.id, request: body)
            } catch let error as DeliveryServiceError {
                if case .invalid = error { metrics.recordDeliveryRequest(outcome: "invalid") }
                throw error
            }
            let scheduled = delivery.status == .scheduled
            metrics.recordDeliveryRequest(outcome: scheduled ? "scheduled" : "queued")
            return EditedResponse(
                status: scheduled ? .created : .accepted,
                headers: [.location: "/v1/deliveries/\(delivery.id)"],
                response: try await response(for: delivery, business: business)
            )
        }

        group.get("deliveries") { request, context -> DeliveryListResponse in
            let principal = try context.requireAuthenticated()
            let query = try Self.listQuery(request.uri.queryParameters, tenant: principal.tenantID)
            let page = try await deliveries.list(query)
            return DeliveryListResponse(items: page.items.map(DeliveryResponse.init), nextCursor: page.next?.token)
        }

        // Also opens with the delivery's tracking token (`?token=`): the customer tracking page reads
        // pickup, dropoff and the delivered time here.
        group.get("deliveries/:id") { request, context -> DeliveryResponse in
            let id = try context.pathID("id")
            let access = try await deliveryAccess(request, context: context, deliveryID: id)
            let delivery = try await deliveries.get(id, businessID: access.tenantID)
            // A business reading its own delivery needs no second read for its tracking token.
            guard case let .business(business) = context.principal else { return try await response(for: delivery) }
            return try await response(for: delivery, business: business)
        }

        group.post("deliveries/:id/cancel") { _, context -> DeliveryResponse in
            let principal = try context.requireAuthenticated()
            if case .operator = principal { try context.requireOperator() }
            let id = try context.pathID("id")
            let reason = principal.tenantID == nil ? "cancelled by operator" : "cancelled by customer"
            let cancelled = try await deliveries.cancel(id, businessID: principal.tenantID, reason: reason)
            if case let .operator(account) = principal {
                try await audit.record(actor: account.id, action: "delivery.cancel", subject: id)
            }
            return DeliveryResponse(cancelled)
        }

        group.post("deliveries/:id/override") { request, context -> DeliveryResponse in
            let account = try context.requireOperator()
            let id = try context.pathID("id")
            let body = try await request.decodeJSON(OverrideRequest.self, context: context)
            let reason = try body.reason.map { reason throws(APIError) in
                try reason.validatedFreeText(field: "reason", maxLength: 500)
            }
            if let droneID = body.droneID {
                // The live view first: it never holds an id the registry could not (NUL and the like).
                let live = await fleet.state(of: droneID)
                guard live != nil, try await roster.standing(of: droneID) == .active else {
                    throw APIError(.notFound, code: "not_found", field: "droneId", message: "no drone \(droneID)")
                }
            }
            let overridden = try await deliveries.override(
                id, action: body.action, reason: reason, droneID: body.droneID)
            try await audit.record(
                actor: account.id, action: "delivery.override", subject: id,
                detail: [
                    "action=\(body.action.rawValue)", body.droneID.map { "droneId=\($0)" },
                    reason.map { "reason=\($0)" },
                ]
                .compactMap { $0 }.joined(separator: " "))
            return DeliveryResponse(overridden)
        }
    }

    /// Parses list filters; every bad value is a 400 naming its parameter.
    static func listQuery(_ parameters: Parameters, tenant: String?) throws(APIError) -> DeliveryQuery {
        var query = DeliveryQuery(businessID: tenant)
        for value in parameters.getAll("status") {
            // An empty name (`status=`, `status=a,,b`) is refused like any unknown one, not skipped.
            for name in value.split(separator: ",", omittingEmptySubsequences: false) {
                guard let status = DeliveryStatus(rawValue: String(name)) else {
                    throw APIError(
                        .badRequest, code: "invalid_value", field: "status",
                        message:
                            "status: must be one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(name)\""
                    )
                }
                query.statuses.insert(status)
            }
        }
        query.from = try date(parameters, "from")
        query.to = try date(parameters, "to")
        if let text = parameters.get("limit") {
            guard let limit = Int(text), (1...200).contains(limit) else {
                throw APIError(.badRequest, code: "out_of_range", field: "limit", message: "limit must be 1 to 200")
            }
            query.limit = limit
        }
        if let token = parameters.get("cursor") {
            guard let cursor = DeliveryCursor(token: token) else {
                throw APIError(
                    .badRequest, code: "invalid_value", field: "cursor",
                    message: "cursor is not a token from a previous page")
            }
            query.after = cursor
        }
        return query
    }

    static func date(_ parameters: Parameters, _ name: String) throws(APIError) -> Date? {
        guard let text = parameters.get(name) else { return nil }
        guard let date = GroundJSON.parseDate(text) else {
            throw APIError(
                .badRequest, code: "invalid_value", field: name, message: "\(name) must be an ISO-8601 date-time")
        }
        return date
    }
}
