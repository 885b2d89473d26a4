/// Which depots' swap lists the scheduler leader has just rewritten (``SwapOrderSignal``): the lists
/// themselves stay in the store, the one truth every instance reads.
package struct SwapOrderChange: Sendable, Hashable {
    /// The depots with an order written or deleted, each once, sorted.
    package var depotIDs: [String]

    package init(depotIDs: some Sequence<String>) {
        self.depotIDs = Set(depotIDs).sorted()
    }
}
