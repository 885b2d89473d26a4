/// Runs `operation` in a child task and returns its result.
///
/// A task keeps its async-stack slabs until it ends; a long-lived task (a connection's, which runs an
/// SSE stream's loop) that makes a deep call now and then would keep that call's memory for its whole
/// life. In a child task the memory is freed when the call returns.
func inChildTask<Result: Sendable>(_ operation: @escaping @Sendable () async -> Result) async -> Result {
    async let result = operation()
    return await result
}
