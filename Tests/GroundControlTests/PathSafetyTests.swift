import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GroundCore
@testable import GroundHTTP

/// Issue 18 point 6: a NUL (or any control character) in a path, raw or percent-encoded, is refused
/// with 400 before any route or the file server sees it (`/ui/index.html%00.png` served index.html as
/// image/png, `/ui/.%00./` answered 200 with an empty body).
@Suite("Request path safety")
struct PathSafetyTests {
    @Test func controlCharactersInPathsAreRefused() async throws {
        let root = try #require(WebRoot.locate(configured: nil))
        let h = try await APIHarness(webRoot: root)
        defer { h.dir.remove() }
        try await h.app().test(.router) { client in
            for uri in [
                "/ui/index.html%00.png", "/ui/.%00./", "/ui/%0aindex.html", "/ui/fleet.html%7f",
                "/v1/deliveries/dlv%00x",
                "/ui/%1b[31m", "/ui/%ZZ",
            ] {
                try await client.execute(uri: uri, method: .get, headers: APIHarness.auth(APIHarness.operatorKey)) {
                    response in
                    #expect(response.status == .badRequest, "\(uri)")
                    #expect(APIHarness.errorCode(response) == "invalid_path", "\(uri)")
                    #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, "\(uri)")
                }
            }
            // Ordinary paths, percent-encoded printable characters included, still work.
            for uri in ["/ui/index.html", "/ui/fleet%2Ehtml"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true, "\(uri)")
                }
            }
        }
    }
}
