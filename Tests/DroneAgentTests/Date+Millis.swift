import Foundation

extension Date {
    /// Milliseconds since the epoch, the wire's time unit.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}
