import ArgumentParser

@main
struct QTicket: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qticket",
        abstract: "QueueTicket terminal client.",
        subcommands: [TUI.self, Demo.self],
        defaultSubcommand: TUI.self)
}
