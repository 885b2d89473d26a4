/// Counts the ingest's subscriptions still delivering, so the input ends when the last one does.
actor OpenSubscriptions {
    private var count: Int

    init(count: Int) { self.count = count }

    /// Records one subscription's end; true for the last one.
    func close() -> Bool {
        count -= 1
        return count == 0
    }
}
