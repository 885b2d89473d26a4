import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import GroundHTTP

@Suite("API keys at rest")
struct KeyStorageTests {
    @Test func onlyTheKeyHashReachesTheDatabase() async throws {
        let h = try await APIHarness()
        defer { h.dir.remove() }
        let key = try await h.app().test(.router) { client in
            try await APIHarness.register(client, name: "Shop")
        }
        #expect(key.hasPrefix(APIKey.prefix))
        #expect(try h.sqlite("SELECT api_key_hash FROM businesses") == APIKey.hash(key))
        // Neither the key nor its random part appears anywhere in the database files (WAL included).
        let secret = String(key.dropFirst(APIKey.prefix.count))
        for file in try FileManager.default.contentsOfDirectory(atPath: h.dir.path) {
            let bytes = try Data(contentsOf: h.dir.file(file))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) holds the key")
        }
    }
}
