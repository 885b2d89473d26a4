import Foundation
import GroundCore
import Hummingbird

extension GroundAPI {
    /// Server-Sent Events: the current state first, then one `update` per change (encoded once for every
    /// stream of the delivery, ``TrackingFanout``), `:` heartbeat comments in between, and the stream
    /// ends after a terminal status. Opens with an API key or
    /// the delivery's tracking token (`?token=`, what a browser's tracking link carries).
    func addTrackingRoute(to group: RouterGroup<GroundRequestContext>) {
        let shared = GroundAPIReference(self)
        group.get("deliveries/:id/track") { request, context -> Response in
            let id = try context.pathID("id")
            let access = try await deliveryAccess(request, context: context, deliveryID: id)
            // Subscribe before taking the snapshot so nothing published in between is lost.
            let frames = await trackingFanout.subscribe(deliveryID: id)
            let first = try await deliveries.snapshot(id, businessID: access.tenantID)
            // The body lives as long as the stream: it keeps the first frame's bytes, the credential
            // and one reference to the API, not the snapshot, the request or a copy of the API.
            let firstFrame = SSEFrame.update(first)
            let ended = first.status.isTerminal
            let credential = PresentedCredential(request)
            let body = ResponseBody { writer in
                try await writer.write(firstFrame)
                if ended {
                    try await writer.finish(nil)
                    return
                }
                for await item in frames {
                    switch item {
                    case let .frame(bytes, last):
                        try await writer.write(bytes)
                        if last {
                            try await writer.finish(nil)
                            return
                        }
                    case .heartbeat:
                        // A key past its rotation grace, or a token a rotation revoked, ends the stream here.
                        // Checked in a task of its own: this loop runs in the connection's task for the stream's
                        // life, which would keep the check's stack memory as long.
                        guard await inOwnTask({ await shared.api.accessHolds(credential, deliveryID: id) })
                        else {
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
