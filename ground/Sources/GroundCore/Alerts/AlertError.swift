/// Why an alert could not be acknowledged or resolved.
package enum AlertError: Error, Sendable {
    case notFound(alertID: String)
    /// The alert is already in a state the change cannot leave (e.g. resolving a resolved alert).
    case conflict(alertID: String, state: AlertState)
    case store(StoreError)
}
