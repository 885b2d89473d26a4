import Foundation

/// Unbuffered lines on stdout: tests and scripts read the start banner while the sim keeps running.
enum Console {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
