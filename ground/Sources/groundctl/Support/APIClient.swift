import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A thin JSON client for the ground API.
struct APIClient {
    let baseURL: String
    let key: String?

    /// Sends a request and returns the body; non-2xx answers become ``CLIError/api``.
    func send(_ method: HTTPMethod, _ path: String, body: [String: Any]? = nil) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        } catch {
            throw CLIError.unreachable(baseURL, "\(error)")
        }
        let buffer = try await response.body.collect(upTo: 16 * 1024 * 1024)
        let data = Data(buffer.readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            let detail = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["error"] as? [String: Any]
            throw CLIError.api(
                status: Int(response.status.code),
                code: detail?["code"] as? String ?? "http_\(response.status.code)",
                field: detail?["field"] as? String,
                message: detail?["message"] as? String ?? String(decoding: data, as: UTF8.self)
            )
        }
        return data
    }

    /// Sends and parses a JSON object answer.
    func object(_ method: HTTPMethod, _ path: String, body: [String: Any]? = nil) async throws -> (Data, [String: Any]) {
        let data = try await send(method, path, body: body)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CLIError.badResponse(path)
        }
        return (data, object)
    }
}
