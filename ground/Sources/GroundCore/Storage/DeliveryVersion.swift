/// A delivery row's id with its version (bumped by every write), so a reader holding an older copy can
/// tell whether it needs the row again.
package struct DeliveryVersion: Sendable, Hashable {
    package var id: String
    package var version: Int64

    package init(id: String, version: Int64) {
        self.id = id
        self.version = version
    }
}
