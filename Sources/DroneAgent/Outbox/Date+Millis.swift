import Foundation

extension Date {
    /// Milliseconds since the Unix epoch, the wire's timestamp unit.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}
