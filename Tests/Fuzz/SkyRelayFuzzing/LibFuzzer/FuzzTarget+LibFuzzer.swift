import Dispatch
import Synchronization

extension FuzzTarget {
    /// Runs the target on libFuzzer's input and turns a finding into a crash, which is how libFuzzer
    /// learns about it (it then saves the input as a `crash-*` artifact).
    ///
    /// libFuzzer calls in synchronously on its own (non-cooperative) thread, so this blocks that thread
    /// until the async body is done: the one place the fuzzing code waits on a semaphore.
    public func runTrappingFindings(_ data: UnsafePointer<UInt8>?, count: Int) {
        let input = [UInt8](UnsafeRawBufferPointer(start: data, count: count))
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do throws(FuzzFinding) {
                try await self.run(input)
            } catch {
                outcome.finding.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let finding = outcome.finding.withLock({ $0 }) {
            fatalError("fuzz finding: \(finding)")
        }
    }

    private final class Outcome: Sendable {
        let finding = Mutex<FuzzFinding?>(nil)
    }
}
