import Synchronization

/// Fans connection-state changes out to every `connectionStates()` stream.
///
/// A `Mutex` rather than actor state so a stream's `onTermination` can unregister synchronously.
final class ConnectionStateBroadcaster: Sendable {
    private struct State {
        var current: MQTTConnectionState?
        var nextID: UInt64 = 0
        var observers: [UInt64: AsyncStream<MQTTConnectionState>.Continuation] = [:]
        var finished = false
    }

    private let state = Mutex(State())

    /// A new stream that starts with the current state (if connected before) and then every change.
    func makeStream() -> AsyncStream<MQTTConnectionState> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: MQTTConnectionState.self, bufferingPolicy: .bufferingNewest(64))
        let registered: Bool = state.withLock { state in
            guard !state.finished else { return false }
            let id = state.nextID
            state.nextID += 1
            state.observers[id] = continuation
            if let current = state.current { continuation.yield(current) }
            continuation.onTermination = { [weak self] _ in
                self?.state.withLock { _ = $0.observers.removeValue(forKey: id) }
            }
            return true
        }
        if !registered { continuation.finish() }
        return stream
    }

    func publish(_ newState: MQTTConnectionState) {
        state.withLock { state in
            state.current = newState
            for observer in state.observers.values { observer.yield(newState) }
        }
    }

    func finish() {
        let observers = state.withLock { state in
            state.finished = true
            defer { state.observers.removeAll() }
            return Array(state.observers.values)
        }
        for observer in observers { observer.finish() }
    }
}
