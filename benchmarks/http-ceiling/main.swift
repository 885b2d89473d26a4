import Foundation
import Hummingbird
import Logging

/// The ceiling of the HTTP benchmark (benchmarks/http/run.py): a bare Hummingbird server on the same
/// HTTP/1.1 server stack as ground-control, answering `GET /v1/deliveries/{id}` with fixed bytes (the
/// body ground answered for the same delivery), with no middleware, authentication or store.
/// Usage: http-ceiling PORT BODY-FILE
@main
struct HTTPCeiling {
    static func main() async throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, let port = Int(arguments[1]) else {
            FileHandle.standardError.write(Data("usage: http-ceiling PORT BODY-FILE\n".utf8))
            exit(2)
        }
        let body = ByteBuffer(data: try Data(contentsOf: URL(fileURLWithPath: arguments[2])))
        let router = Router()
        router.get("/v1/deliveries/:id") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
        }
        var logger = Logger(label: "http-ceiling")
        logger.logLevel = .warning
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        try await app.runService()
    }
}
