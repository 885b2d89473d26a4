import Foundation
import GroundAPIModel
import GroundCore
import Hummingbird

/// `GET /v1/fleet/stream` frames: the whole fleet first, then each drone whose state changed.
enum FleetStreamFrame {
    static func fleet(_ drones: [DroneLiveState]) -> ByteBuffer {
        SSEFrame.event("fleet", FleetResponse(drones: drones))
    }

    static func drone(_ state: DroneLiveState) -> ByteBuffer {
        SSEFrame.event("drone", state)
    }
}

extension GroundAPI {
    /// Live fleet for the operator map: SSE with a `fleet` snapshot, then one `drone` event per
    /// changed drone. ``FleetStreamFanout`` looks at the registry when it changed (at most once per
    /// `fleetStreamInterval`) for all streams at once and encodes each change once; a slow browser never holds back ingest or another
    /// stream, and gets each changed drone's newest state when it catches up.
    func addFleetStreamRoute(to group: RouterGroup<GroundRequestContext>) {
        group.get("fleet/stream") { _, context -> Response in
            try context.requireOperatorView()
            let (fleetFrame, start, signals) = await fleetStream.subscribe()
            let fanout = fleetStream
            let body = ResponseBody { writer in
                try await writer.write(fleetFrame)
                var cursor = start
                for await signal in signals {
                    let (bytes, next) = await fanout.frames(after: cursor)
                    cursor = next
                    if let bytes {
                        try await writer.write(bytes)
                    } else if signal == .heartbeat {
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
