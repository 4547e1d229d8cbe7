/// What the sandbox does when a payment made with a card is confirmed. Chosen by magic card
/// numbers (see docs/PAYMENT_SANDBOX.md) so a test or a demo picks a fault by typing a card.
public enum CardBehaviour: String, Codable, Sendable, CaseIterable {
    /// Charged at once.
    case approve
    /// Declined by the issuer: `REJECT_CARD_PAYMENT`, final.
    case decline
    /// Declined for limit or balance: `REJECT_CARD_PAYMENT` with that message, final.
    case insufficientFunds
    /// The first `SandboxOptions.failingAttempts` confirms answer 500 without charging, then approves.
    case failFirstAttempts
    /// Holds the confirm for `SandboxOptions.timeoutHold`, then charges anyway.
    case timeout
    /// Charges, then closes the connection without a response (every confirm of this payment).
    case lostResponse
    /// Waits `SandboxOptions.slowDelay`, then charges.
    case slow

    /// Magic numbers, digits only. The last four echo the fault (0500 ≈ HTTP 500, 0408 ≈ 408
    /// timeout, 0444 ≈ nginx's "close without response") so they are easy to remember.
    public static let magicNumbers: [String: CardBehaviour] = [
        "4242424242424242": .approve,
        "4000000000000002": .decline,
        "4000000000009995": .insufficientFunds,
        "4000000000000500": .failFirstAttempts,
        "4000000000000408": .timeout,
        "4000000000000444": .lostResponse,
        "4000000000002000": .slow,
    ]
}
