import ArgumentParser

@main
struct QTicket: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qticket",
        abstract: "QueueTicket terminal client.",
        subcommands: [TUI.self, Demo.self, Checkin.self],
        defaultSubcommand: TUI.self)
}
