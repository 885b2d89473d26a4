/// Runs `operation` in a task of its own and returns its result.
///
/// A task keeps its async-stack slabs until it ends; a long-lived task (a connection's, which runs an
/// SSE stream's loop) that makes a deep call now and then would keep that call's memory for its whole
/// life. In a task of its own the memory is freed when the call returns. An unstructured task, awaited
/// directly: a task group's storage and frames (or an `async let`'s reserved space) would deepen the
/// long-lived task's stack by a slab themselves. Meant for short calls (an access check): one that is
/// still running when its caller is cancelled is awaited, not cancelled.
func inOwnTask<Result: Sendable>(_ operation: @escaping @Sendable () async -> Result) async -> Result {
    await Task(operation: operation).value
}
