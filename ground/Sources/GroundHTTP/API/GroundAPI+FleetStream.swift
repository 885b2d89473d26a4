import AsyncAlgorithms
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
    /// changed drone, looked at every `fleetStreamInterval`. Reading the registry on a timer keeps a
    /// slow browser from ever holding back ingest, and coalesces a drone's 10 Hz samples into the
    /// newest one per tick.
    func addFleetStreamRoute(to group: RouterGroup<GroundRequestContext>) {
        group.get("fleet/stream") { _, context -> Response in
            try context.requireOperatorView()
            let fleet = self.fleet
            let interval = fleetStreamInterval
            let heartbeat = self.heartbeat
            let body = ResponseBody { writer in
                var known = Dictionary(uniqueKeysWithValues: await fleet.all().map { ($0.droneID, $0) })
                try await writer.write(FleetStreamFrame.fleet(known.values.sorted { $0.droneID < $1.droneID }))
                var quiet = Duration.zero
                for await _ in AsyncTimerSequence(interval: interval, clock: .continuous) {
                    var changed = false
                    for state in await fleet.all() where known[state.droneID] != state {
                        known[state.droneID] = state
                        try await writer.write(FleetStreamFrame.drone(state))
                        changed = true
                    }
                    quiet = changed ? .zero : quiet + interval
                    if quiet >= heartbeat {
                        try await writer.write(SSEFrame.heartbeat())
                        quiet = .zero
                    }
                }
                try await writer.finish(nil)
            }
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
        }
    }
}
