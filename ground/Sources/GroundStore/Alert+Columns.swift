import GroundCore

extension Alert {
    /// The `alerts` columns in insert order (id, kind, subject, message, state, opened_at,
    /// acknowledged_at, acknowledged_by, resolved_at, resolved_by).
    var columnValues: [StoreValue] {
        [
            .text(id), .text(kind.rawValue), .text(subject), .text(message), .text(state.rawValue),
            .double(openedAt.timeIntervalSince1970), .double(acknowledgedAt?.timeIntervalSince1970),
            .text(acknowledgedBy), .double(resolvedAt?.timeIntervalSince1970), .text(resolvedBy),
        ]
    }
}
