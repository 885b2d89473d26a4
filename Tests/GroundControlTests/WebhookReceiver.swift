import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// A real HTTP receiver for webhook tests: records every request and answers with the scripted
/// statuses in turn (then 200), optionally after a delay.
actor WebhookReceiver {
    struct Received: Sendable {
        var signature: String?
        var idempotencyKey: String?
        var event: String?
        var body: String
        var at: Date
    }

    private(set) var received: [Received] = []
    private var script: [Int]
    private var delay: Duration

    init(script: [Int] = [], delay: Duration = .zero) {
        self.script = script
        self.delay = delay
    }

    func setScript(_ statuses: [Int], delay: Duration = .zero) {
        script = statuses
        self.delay = delay
    }

    func take(_ request: Received) async -> (Int, Duration) {
        received.append(request)
        let status = script.isEmpty ? 200 : script.removeFirst()
        return (status, delay)
    }

    /// The router serving `POST /hook` with this receiver.
    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("hook") { request, context -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let (status, delay) = await self.take(
                Received(
                    signature: request.headers[HTTPField.Name("SkyRelay-Signature")!],
                    idempotencyKey: request.headers[HTTPField.Name("Idempotency-Key")!],
                    event: request.headers[HTTPField.Name("SkyRelay-Event")!], body: String(buffer: body), at: Date()))
            if delay > .zero { try await Task.sleep(for: delay) }
            return Response(status: .init(code: status))
        }
        return router
    }
}
