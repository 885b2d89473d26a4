/// One shared reference to the API, for what each long-lived response keeps.
///
/// ``GroundAPI`` is a struct of a few dozen stored properties: a closure that uses one of its methods
/// captures a copy of all of it. A stream body captures this reference (one word) instead.
final class GroundAPIReference: Sendable {
    let api: GroundAPI

    init(_ api: GroundAPI) {
        self.api = api
    }
}
