import AsyncHTTPClient
import Foundation
import GroundAPIModel
import NIOCore
import NIOHTTP1

/// A typed JSON client for the ground API: request and answer bodies are the server's own types
/// (GroundAPIModel), with its JSON coders.
struct APIClient {
    let baseURL: String
    let key: String?

    /// Sends a request without a body and returns the answer's body.
    func send(_ method: HTTPMethod, _ path: String) async throws -> Data {
        try await perform(method, path, body: nil)
    }

    /// Sends `body` as JSON and returns the answer's body.
    func send(_ method: HTTPMethod, _ path: String, body: some Encodable) async throws -> Data {
        try await perform(method, path, body: try GroundJSON.encoder().encode(body))
    }

    /// Sends without a body and decodes the answer as `T`; returns the raw body too (for `--json`).
    func value<T: Decodable>(_ type: T.Type, _ method: HTTPMethod, _ path: String) async throws -> (Data, T) {
        try decode(T.self, try await send(method, path), path)
    }

    /// Sends `body` as JSON and decodes the answer as `T`; returns the raw body too (for `--json`).
    func value<T: Decodable>(_ type: T.Type, _ method: HTTPMethod, _ path: String, body: some Encodable) async throws
        -> (Data, T)
    {
        try decode(T.self, try await send(method, path, body: body), path)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ path: String) throws -> (Data, T) {
        do {
            return (data, try GroundJSON.decoder().decode(T.self, from: data))
        } catch {
            throw CLIError.badResponse("\(path): \(error)")
        }
    }

    /// Non-2xx answers become ``CLIError/api``.
    private func perform(_ method: HTTPMethod, _ path: String, body: Data?) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
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
            // Not every failure comes from the API (a proxy's HTML page): then the body is the message.
            let detail: APIErrorBody.Detail?
            do { detail = try GroundJSON.decoder().decode(APIErrorBody.self, from: data).error } catch { detail = nil }
            throw CLIError.api(
                status: Int(response.status.code),
                code: detail?.code ?? "http_\(response.status.code)",
                field: detail?.field,
                message: detail?.message ?? String(decoding: data, as: UTF8.self)
            )
        }
        return data
    }
}
