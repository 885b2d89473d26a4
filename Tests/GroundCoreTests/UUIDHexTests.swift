import Foundation
import Testing

@testable import GroundCore

@Suite("UUID as 32 lower-case hex digits")
struct UUIDHexTests {
    @Test func matchesTheLowerCasedStringWithoutDashes() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(id.lowercaseHex == id.uuidString.lowercased().replacingOccurrences(of: "-", with: ""))
        }
        let fixed = UUID(uuidString: "00FF10A0-B1C2-D3E4-F506-0718293A4B5C")!
        #expect(fixed.lowercaseHex == "00ff10a0b1c2d3e4f5060718293a4b5c")
    }
}
