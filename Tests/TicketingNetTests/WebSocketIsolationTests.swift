import Testing
@testable import TicketingNet

/// A waiter must be registered on the client's actor: registered anywhere else it races the
/// reader, and a message delivered in between waits in the inbox while `receive` times out.
/// Checked in a child process, where a registration off the actor traps.
@Suite("WebSocketClient isolation")
struct WebSocketIsolationTests {
    @Test func aWaiterIsRegisteredOnTheClientsActor() async {
        await #expect(processExitsWith: .success) {
            try await WebSocketClient().registerOnTheActor()
        }
    }
}

extension WebSocketClient {
    /// Goes through `suspend` as `receive` and `ping` do; the check traps off the actor.
    fileprivate func registerOnTheActor() async throws {
        try await suspend(timeout: nil) { (_, continuation: CheckedContinuation<Void, any Error>) in
            self.preconditionIsolated("suspend registered a waiter off the client's actor")
            continuation.resume()
        }
    }
}
