import Foundation
import GroundCore

extension DeliveryCursor {
    /// Opaque page token: base64url of "<createdAt seconds>|<id>".
    var token: String {
        APIKey.base64URL(Data("\(createdAt.timeIntervalSince1970)|\(id)".utf8))
    }

    /// Parses a token made by ``token``; nil when it was tampered with.
    init?(token: String) {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", maxSplits: 1)
        guard parts.count == 2, let seconds = Double(parts[0]), seconds.isFinite else { return nil }
        // No id has control characters, and PostgreSQL refuses a NUL in a text parameter outright (the
        // query would fail as a 500): a token carrying one was not made by ``token``.
        guard !parts[1].unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return nil
        }
        self.init(createdAt: Date(timeIntervalSince1970: seconds), id: String(parts[1]))
    }
}
