import Foundation
import Testing

@testable import GroundHTTP

/// Issue 23: the null scan parses a body a second time only when a byte pass finds a `null` token
/// outside its strings; the pass must never miss one the full scan would refuse.
@Suite("JSON null scan: the byte pass before the full parse")
struct JSONNullScanTests {
    static let fields: Set<String> = ["pickup", "pickup.lat", "reason", "window", "window.start"]

    @Test(arguments: [
        #"{"pickup":{"lat":1,"lon":2},"reason":"no null here"}"#,
        #"{"reason":"null"}"#,
        #"{"reason":"a \"null\" quoted"}"#,
        #"{"reason":"ends in a backslash \\","pickup":{"lat":1}}"#,
        #"{"reason":"ünïcödé ñull"}"#,
        #"[1, 2.5e3, true, false, "n"]"#,
    ])
    func bodiesWithoutANullTokenSkipTheFullParse(_ body: String) throws {
        let data = Data(body.utf8)
        #expect(!JSONNullScan.holdsNullToken(data))
        try JSONNullScan.refuseNull(in: data, fields: Self.fields)
    }

    @Test(arguments: [
        (#"{"reason":null}"#, "reason"),
        (#"{"reason":"x \\","window":null}"#, "window"),
        (#"{"pickup":{"lat":null}}"#, "pickup.lat"),
        (#"{"reason":"\"","window":{"start":null}}"#, "window.start"),
    ])
    func aNullTokenIsFoundAndNamed(_ body: String, _ field: String) {
        let data = Data(body.utf8)
        #expect(JSONNullScan.holdsNullToken(data))
        #expect(throws: APIError.self) { try JSONNullScan.refuseNull(in: data, fields: Self.fields) }
        do {
            try JSONNullScan.refuseNull(in: data, fields: Self.fields)
        } catch {
            #expect(error.field == field)
        }
    }

    @Test func aNullOutsideTheCheckedFieldsIsStillIgnored() throws {
        let data = Data(#"{"extra":null}"#.utf8)
        #expect(JSONNullScan.holdsNullToken(data))
        try JSONNullScan.refuseNull(in: data, fields: Self.fields)
    }

    @Test func aUTF16BodyTakesTheFullScan() {
        let data = #"{"reason":null}"#.data(using: .utf16LittleEndian)!
        #expect(JSONNullScan.holdsNullToken(data))
    }
}
