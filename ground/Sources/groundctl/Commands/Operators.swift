import ArgumentParser
import GroundAPIModel

/// `groundctl operators list|add|remove`: named operator accounts (dispatcher role).
struct Operators: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, add and remove operator accounts (dispatcher).",
        subcommands: [OperatorsList.self, OperatorsAdd.self, OperatorsRemove.self]
    )

    static func table(_ operators: [OperatorResponse]) -> String {
        var table = Table(["OPERATOR", "NAME", "ROLE", "CREATED", "KEY ROTATED"])
        for account in operators {
            table.add([
                account.id, account.name, account.role.rawValue, Output.cell(account.createdAt),
                Output.cell(account.keyRotatedAt),
            ])
        }
        return table.render()
    }
}
