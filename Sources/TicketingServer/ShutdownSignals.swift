import Dispatch
import Foundation

/// SIGINT/SIGTERM → graceful stop: in-flight requests finish, then the process exits normally.
public final class ShutdownSignals {
    private let sources: [any DispatchSourceSignal]

    public init(onSignal: @escaping @Sendable () async -> Void) {
        sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { Task { await onSignal() } }
            source.resume()
            return source
        }
    }

    public func cancel() {
        for source in sources { source.cancel() }
    }
}
