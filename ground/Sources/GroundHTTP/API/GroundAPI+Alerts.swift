import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

extension AlertListResponse: ResponseEncodable {}
extension Alert: ResponseEncodable {}

extension GroundAPI {
    /// Operator alerts: list (any operator), acknowledge and resolve (dispatcher), and the live stream.
    func addAlertRoutes(to group: RouterGroup<GroundRequestContext>) {
        group.get("alerts") { request, context -> AlertListResponse in
            try context.requireOperatorView()
            let query = request.uri.queryParameters
            let includeResolved: Bool
            switch query.get("state") {
            case nil, "unresolved": includeResolved = false
            case "all": includeResolved = true
            default:
                throw APIError(
                    .badRequest, code: "invalid_value", field: "state", message: "state: must be unresolved or all")
            }
            let limit = try Self.boundedInteger(query.get("limit"), field: "limit", range: 1...500) ?? 100
            return AlertListResponse(alerts: try await alerts.list(includeResolved: includeResolved, limit: limit))
        }
        group.post("alerts/:alertId/acknowledge") { _, context -> Alert in
            let actor = try context.requireOperator()
            let id = try context.pathID("alertId")
            let alert = try await alerts.acknowledge(id, by: actor.id)
            try await audit.record(actor: actor.id, action: "alert.acknowledge", subject: id)
            return alert
        }
        group.post("alerts/:alertId/resolve") { _, context -> Alert in
            let actor = try context.requireOperator()
            let id = try context.pathID("alertId")
            let alert = try await alerts.resolve(id, by: actor.id)
            try await audit.record(actor: actor.id, action: "alert.resolve", subject: id)
            return alert
        }
        addAlertStreamRoute(to: group)
    }

    /// `GET /v1/alerts/stream`: SSE with an `alerts` snapshot of the unresolved alerts, then one `alert`
    /// event per change (made on this instance or, with several instances, relayed by another), with heartbeats.
    func addAlertStreamRoute(to group: RouterGroup<GroundRequestContext>) {
        group.get("alerts/stream") { _, context -> Response in
            try context.requireOperatorView()
            let alerts = self.alerts
            let heartbeat = self.heartbeat
            // Subscribed before the snapshot is read, so nothing falls between the two.
            let updates = await alerts.updates()
            let snapshot = try await alerts.list(includeResolved: false, limit: 500)
            let body = ResponseBody { writer in
                try await writer.write(SSEFrame.event("alerts", AlertListResponse(alerts: snapshot)))
                let (events, feed) = AsyncStream<Alert?>.makeStream()
                let relay = Task {
                    for await alert in updates { feed.yield(alert) }
                    feed.finish()
                }
                let beat = Task {
                    while !Task.isCancelled {
                        do { try await Task.sleep(for: heartbeat) } catch { break }
                        feed.yield(nil)
                    }
                }
                defer {
                    relay.cancel()
                    beat.cancel()
                }
                for await event in events {
                    if let alert = event {
                        try await writer.write(SSEFrame.event("alert", alert))
                    } else {
                        try await writer.write(SSEFrame.heartbeat())
                    }
                }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        }
    }
}
