/// Persistence of alerts (both ground stores implement it).
package protocol AlertStore: Sendable {
    /// Stores `alert` unless an unresolved alert of the same kind and subject exists, which is then
    /// returned instead (`isNew` false). A new alert's `enqueue` rows (its pager message) go into the
    /// webhook outbox in the same transaction; for an existing alert nothing is enqueued.
    func openAlert(_ alert: Alert, enqueue: [WebhookMessage]) async throws(StoreError) -> (alert: Alert, isNew: Bool)
    func alert(id: String) async throws(StoreError) -> Alert?
    /// Newest first; `includeResolved` false lists open and acknowledged ones only.
    func alerts(includeResolved: Bool, limit: Int) async throws(StoreError) -> [Alert]
    /// Saves `alert` if the stored one is still in one of `from` (compare-and-set); says whether it did.
    func updateAlert(_ alert: Alert, from: Set<AlertState>) async throws(StoreError) -> Bool
    /// Number of alerts not resolved.
    func unresolvedAlertCount() async throws(StoreError) -> Int
}

extension AlertStore {
    /// Opens an alert that pages nobody.
    package func openAlert(_ alert: Alert) async throws(StoreError) -> (alert: Alert, isNew: Bool) {
        try await openAlert(alert, enqueue: [])
    }
}
