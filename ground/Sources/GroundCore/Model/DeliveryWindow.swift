import Foundation

/// The span in which a business wants the package picked up (optional on a request).
package struct DeliveryWindow: Codable, Sendable, Hashable {
    package var start: Date
    package var end: Date

    package init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }
}
