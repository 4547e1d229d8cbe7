import Foundation
import Logging

/// Everything the server needs from the outside world, resolved once at start.
public struct ServerConfig: Sendable {
    public var host: String = "127.0.0.1"
    public var port: UInt16 = 8080
    public var dataDirectory: URL
    public var tokenTTL: TimeInterval = 24 * 3600
    public var passwordIterations: Int = PasswordHasher.defaultIterations
    public var logLevel: Logger.Level = .info
    public var logSink: LogSink = .standardError
    /// Seconds FlyingFox gives one request before answering 500; also bounds slow clients.
    public var requestTimeout: TimeInterval = 15
    /// How long a coupon claim may wait for its issuance batch to commit so it can answer
    /// `issued` rather than `pending`; zero (the default) answers at once.
    public var couponClaimAckWait: Duration = .zero
    /// How long the issuance log lets the first claim after a quiet spell wait for company
    /// before writing its batch (under load batches run back to back regardless).
    public var couponBatchInterval: Duration = .milliseconds(2)

    public init(dataDirectory: URL) {
        self.dataDirectory = dataDirectory
    }
}
