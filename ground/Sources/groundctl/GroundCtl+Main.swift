import ArgumentParser
import Foundation

extension GroundCtl {
    /// ArgumentParser's main, except that groundctl's own failures print `error: …` on stderr and
    /// exit with the status ``CLIError/exitCode`` gives them, as gh and kubectl do.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
