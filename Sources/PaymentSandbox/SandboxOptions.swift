import Foundation

/// Keys and fault timings of one sandbox gateway.
public struct SandboxOptions: Sendable {
    /// Sent by the buyer's checkout; Toss test keys look like `test_ck_…`.
    public var clientKey: String
    /// Basic-auth secret for the server-to-server API; Toss test keys look like `test_sk_…`.
    public var secretKey: String
    /// `mId` in Payment objects.
    public var merchantId: String
    /// How many confirms the 0500 card answers with a 500 before it approves.
    public var failingAttempts: Int
    /// How long the 0408 card holds a confirm before charging: longer than the caller's timeout,
    /// shorter than the hosting server's request timeout (qticketd: 15 s), or that server cuts it.
    public var timeoutHold: Duration
    /// How long the 2000 card takes to approve.
    public var slowDelay: Duration

    public init(clientKey: String = "test_ck_queueticket_sandbox",
                secretKey: String = "test_sk_queueticket_sandbox",
                merchantId: String = "qticket",
                failingAttempts: Int = 2,
                timeoutHold: Duration = .seconds(12),
                slowDelay: Duration = .seconds(2)) {
        self.clientKey = clientKey
        self.secretKey = secretKey
        self.merchantId = merchantId
        self.failingAttempts = failingAttempts
        self.timeoutHold = timeoutHold
        self.slowDelay = slowDelay
    }
}

/// Server-wide faults, on top of the per-card ones; set with `POST /v1/sandbox/faults` or
/// `PaymentSandbox.setFaults(_:)`.
public struct FaultPlan: Codable, Sendable, Equatable {
    /// The next N confirms answer 500 `FAILED_INTERNAL_SYSTEM_PROCESSING` and charge nothing.
    public var failNextConfirms: Int
    /// Until then every gateway request (not the `/v1/sandbox/faults` and `/charges` tools) has
    /// its connection closed without a response and is not processed.
    public var downUntil: Date?
    /// Every checkout, confirm, query and cancel waits this long before it is processed.
    public var delayMilliseconds: Int

    public init(failNextConfirms: Int = 0, downUntil: Date? = nil, delayMilliseconds: Int = 0) {
        self.failNextConfirms = failNextConfirms
        self.downUntil = downUntil
        self.delayMilliseconds = delayMilliseconds
    }
}
