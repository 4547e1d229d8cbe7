import Foundation
import Testing
import TicketingServer

/// The steps every terminal scenario starts with: the built `qticket` in a pane, then a login.
extension TmuxSession {
    /// The built `qticket` against the server on 127.0.0.1:`port`; `arguments` follow `--server`.
    func startClient(port: UInt16, _ arguments: [String] = [], width: Int, height: Int) throws {
        let binary = try #require(Self.qticket)
        try start(([binary.path, "--server", "http://127.0.0.1:\(port)"] + arguments).joined(separator: " "),
                  width: width, height: height)
    }

    /// Types the account into the login screen already showing and submits.
    func typeLogin(_ email: String, password: String = DemoLoader.demoPassword) throws {
        try type(email)
        try send("Tab")
        try type(password)
        try send("Enter")
    }

    /// Waits for the login screen (`welcome`, in the client's language), then logs in.
    func logIn(_ email: String, password: String = DemoLoader.demoPassword,
               welcome: String = "Welcome to QueueTicket") async throws {
        try await waitFor(welcome)
        try typeLogin(email, password: password)
    }

    /// `qticket` against a demo server on `port`, logged in as `email`, its performance list up.
    func clientOnTheDemoList(port: UInt16, email: String = DemoLoader.buyerEmail, width: Int, height: Int) async throws {
        try startClient(port: port, width: width, height: height)
        try await logIn(email)
        try await waitFor("Jazz Night at Lotte")
    }

    /// From checkout: pay with the sandbox's approving card; returns the paid screen.
    @discardableResult
    func payWithTheApprovingCard() async throws -> String {
        try send("p")
        try await waitFor("Card number 4242 4242 4242 4242")
        try send("Enter")
        return try await waitFor("Paid — your tickets are booked.")
    }
}
