import FirmwareSim
import Foundation

/// Reads control lines from stdin on a thread of its own: reading a terminal or pipe blocks, and
/// must not hold a thread of the cooperative pool or the event loop.
enum StdinControl {
    static func start(_ simulator: Simulator) {
        Thread.detachNewThread {
            while let line = readLine() {
                guard !line.isEmpty else { continue }
                let reply = (try? simulator.submitControl(line).wait()) ?? "error: simulator stopped"
                Console.line(reply)
            }
        }
    }
}
