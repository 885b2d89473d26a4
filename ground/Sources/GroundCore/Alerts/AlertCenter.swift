import Foundation
import Logging

/// Opens, acknowledges and resolves operator alerts, stores them and pushes every change to the
/// live subscribers (the SSE route `/v1/alerts/stream`): changes made here, and with several instances
/// those the others relay (``applyRelayed(_:)``). A new alert's page to the operator pager is written to
/// the durable webhook outbox in the alert's own transaction.
///
/// Anything in ground that notices trouble calls ``raise(kind:subject:message:)``: the ingest for
/// alarms and outcome-unknown failures, the fleet watch for drones offline in flight, the webhook
/// sender for failing endpoints, the zones for weather holds.
package actor AlertCenter {
    let store: any AlertStore
    let now: @Sendable () -> Date
    let logger: Logger
    /// The outbox that pages new alerts (nil: no pager configured).
    var pager: WebhookOutbox?
    /// Sends changes made here to the other instances (nil: alone).
    var relay: (any AlertChangeSink)?
    var subscribers: [UUID: AsyncStream<Alert>.Continuation] = [:]
    /// Reports the number of unresolved alerts after each change (the app wires it to a gauge).
    let countOpen: (@Sendable (Int) -> Void)?

    package init(
        store: any AlertStore, countOpen: (@Sendable (Int) -> Void)? = nil,
        logger: Logger = Logger(label: "skyrelay.ground.alerts"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.countOpen = countOpen
        self.logger = logger
        self.now = now
    }

    /// Pages every newly opened alert through `outbox` (`--alert-webhook`).
    package func page(through outbox: WebhookOutbox) { pager = outbox }

    /// Sends every change made here to the other instances through `sink`.
    package func relay(to sink: any AlertChangeSink) { relay = sink }

    /// Opens an alert, or returns the unresolved one of the same kind and subject.
    @discardableResult
    package func raise(kind: AlertKind, subject: String, message: String) async throws(StoreError) -> Alert {
        let candidate = Alert(
            id: "alr_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""), kind: kind,
            subject: subject, message: message, openedAt: now())
        let page = pager == nil ? [] : [WebhookOutbox.pageMessage(for: candidate)]
        let (alert, isNew) = try await store.openAlert(candidate, enqueue: page)
        guard isNew else { return alert }
        logger.warning(
            "alert opened",
            metadata: [
                "alert": "\(alert.id)", "kind": "\(kind.rawValue)", "subject": "\(subject)", "message": "\(message)",
            ])
        relay?.send(alert)
        await changed(alert)
        if !page.isEmpty { await pager?.enqueued() }
        return alert
    }

    /// Marks an open alert seen by `actor`.
    package func acknowledge(_ id: String, by actor: String) async throws(AlertError) -> Alert {
        try await move(id, from: [.open]) { alert in
            alert.state = .acknowledged
            alert.acknowledgedAt = self.now()
            alert.acknowledgedBy = actor
        }
    }

    /// Closes an open or acknowledged alert; the same trouble later opens a new one.
    package func resolve(_ id: String, by actor: String) async throws(AlertError) -> Alert {
        try await move(id, from: [.open, .acknowledged]) { alert in
            alert.state = .resolved
            alert.resolvedAt = self.now()
            alert.resolvedBy = actor
        }
    }

    package func alert(_ id: String) async throws(AlertError) -> Alert {
        let stored: Alert?
        do { stored = try await store.alert(id: id) } catch { throw .store(error) }
        guard let stored else { throw .notFound(alertID: id) }
        return stored
    }

    package func list(includeResolved: Bool, limit: Int) async throws(StoreError) -> [Alert] {
        try await store.alerts(includeResolved: includeResolved, limit: limit)
    }

    /// A change another instance made (already stored by it): shown on this instance's streams.
    package func applyRelayed(_ alert: Alert) async { await changed(alert) }

    /// Every alert change from now on (made here or relayed), until the caller stops iterating.
    package func updates() -> AsyncStream<Alert> {
        let (stream, continuation) = AsyncStream<Alert>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    func unsubscribe(_ id: UUID) { subscribers[id] = nil }

    private func move(_ id: String, from states: Set<AlertState>, _ change: (inout Alert) -> Void)
        async throws(AlertError) -> Alert
    {
        var current = try await alert(id)
        guard states.contains(current.state) else { throw .conflict(alertID: id, state: current.state) }
        change(&current)
        let saved: Bool
        do { saved = try await store.updateAlert(current, from: states) } catch { throw .store(error) }
        guard saved else {
            // Another operator (or instance) moved it first: report the state that won.
            let winner = try await alert(id)
            throw .conflict(alertID: id, state: winner.state)
        }
        relay?.send(current)
        await changed(current)
        return current
    }

    private func changed(_ alert: Alert) async {
        for continuation in subscribers.values { continuation.yield(alert) }
        guard let countOpen else { return }
        do { countOpen(try await store.unresolvedAlertCount()) } catch {
            logger.warning("open alert count not read", metadata: ["error": "\(error)"])
        }
    }
}
