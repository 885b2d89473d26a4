import Foundation
import NIOCore
import NIOHTTP1

/// The cameras' web server, as a real MAVLink camera serves its storage over HTTP: `GET /<file>` answers a
/// photo from the camera directory (`HEAD` its headers only). Only plain names are served, never a path
/// outside the directory; every answer closes its connection (one photo per fetch).
final class CameraHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let directory: String
    private var head: HTTPRequestHead?

    init(directory: String) {
        self.directory = directory
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request): head = request
        case .body: break
        case .end:
            guard let request = head else { return }
            head = nil
            respond(to: request, context: context)
        }
    }

    private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
        let answer = Self.answer(method: request.method, uri: request.uri, directory: directory)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: answer.contentType)
        headers.add(name: "Content-Length", value: "\(answer.body.count)")
        headers.add(name: "Connection", value: "close")
        if answer.status == .methodNotAllowed { headers.add(name: "Allow", value: "GET, HEAD") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: answer.status, headers: headers))),
            promise: nil)
        if request.method != .HEAD, !answer.body.isEmpty {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: answer.body)))), promise: nil)
        }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        let channel = context.channel
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }

    struct Answer {
        var status: HTTPResponseStatus
        var body: [UInt8]
        var contentType: String
    }

    /// What the server answers: the photo, or 404 for a name that is no file of the directory (or no plain
    /// file name at all), 405 for methods other than GET and HEAD.
    static func answer(method: HTTPMethod, uri: String, directory: String) -> Answer {
        guard method == .GET || method == .HEAD else {
            return Answer(status: .methodNotAllowed, body: Array("GET or HEAD only\n".utf8), contentType: "text/plain")
        }
        let path = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let name = path.hasPrefix("/") ? path.dropFirst() : path[...]
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        let notFound = Answer(status: .notFound, body: Array("no such photo\n".utf8), contentType: "text/plain")
        guard !name.isEmpty, !name.hasPrefix("."), name.allSatisfy({ allowed.contains($0) }) else { return notFound }
        let url = URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(String(name))
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            // Missing or unreadable, the camera has no such photo to give.
            return notFound
        }
        let type =
            switch url.pathExtension.lowercased() {
            case "png": "image/png"
            case "jpg", "jpeg": "image/jpeg"
            default: "application/octet-stream"
            }
        return Answer(status: .ok, body: Array(data), contentType: type)
    }
}
