import Foundation
import Testing

@Suite("OpenAPI document states the rate and body limits")
struct OpenAPILimitsTests {
    @Test func everyOperationDocuments429AndEveryBodyDocuments413() throws {
        let doc = try OpenAPITests.document()
        let paths = try #require(doc["paths"] as? [String: [String: [String: Any]]])
        for (path, operations) in paths {
            for (method, operation) in operations {
                let responses = operation["responses"] as? [String: Any] ?? [:]
                #expect(responses["429"] != nil, "\(method) \(path) lacks 429")
                if operation["requestBody"] != nil {
                    #expect(responses["413"] != nil, "\(method) \(path) lacks 413")
                }
            }
        }
        let tooMany = try #require(
            ((doc["components"] as? [String: Any])?["responses"] as? [String: Any])?["TooManyRequests"]
                as? [String: Any])
        #expect((tooMany["headers"] as? [String: Any])?["Retry-After"] != nil)
    }
}
