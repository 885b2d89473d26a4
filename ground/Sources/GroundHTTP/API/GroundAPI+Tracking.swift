import AsyncAlgorithms
import Foundation
import GroundCore
import Hummingbird

extension GroundAPI {
    /// Server-Sent Events: the current state first, then one `update` per change, `:` heartbeat
    /// comments in between, and the stream ends after a terminal status. Opens with an API key or
    /// the delivery's tracking token (`?token=`, what a browser's tracking link carries).
    func addTrackingRoute(to group: RouterGroup<GroundRequestContext>) {
        group.get("deliveries/:id/track") { request, context -> Response in
            let id = try context.pathID("id")
            let access = try await deliveryAccess(request, context: context, deliveryID: id)
            // Subscribe before taking the snapshot so nothing published in between is lost.
            let updates = await deliveries.tracking.subscribe(deliveryID: id)
            let first = try await deliveries.snapshot(id, businessID: access.tenantID)
            let heartbeat = self.heartbeat
            let body = ResponseBody { writer in
                try await writer.write(SSEFrame.update(first))
                if first.status.isTerminal {
                    try await writer.finish(nil)
                    return
                }
                let events = merge(
                    updates.map(SSEEvent.update),
                    AsyncTimerSequence(interval: heartbeat, clock: .continuous).map { _ in SSEEvent.heartbeat }
                )
                for await event in events {
                    switch event {
                    case let .update(update):
                        try await writer.write(SSEFrame.update(update))
                        if update.status.isTerminal {
                            try await writer.finish(nil)
                            return
                        }
                    case .heartbeat:
                        // A key past its rotation grace, or a token a rotation revoked, ends the stream here.
                        guard await accessHolds(request, deliveryID: id) else {
                            try await writer.finish(nil)
                            return
                        }
                        try await writer.write(SSEFrame.heartbeat())
                    }
                }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: body
            )
        }
    }
}

/// What the tracking loop reacts to.
enum SSEEvent: Sendable {
    case update(TrackingUpdate)
    case heartbeat
}
