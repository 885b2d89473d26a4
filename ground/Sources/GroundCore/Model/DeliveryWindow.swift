import Foundation

/// The span in which a business wants the package picked up (optional on a request).
public struct DeliveryWindow: Codable, Sendable, Hashable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }
}
