import TicketingProtocol

/// The buyer's tickets: the list, the one whose QR code is on show, and the order to open at.
public struct TicketsState: Sendable, Equatable {
    public var tickets: [TicketDTO] = []
    public var selected = 0
    public var loaded = false
    /// Open at this order's first ticket once loaded (after paying, or from my orders).
    public var focusOrderId: String?
    /// Where Esc goes back to.
    public var returnTo: Route = .performances

    public init() {}

    public var current: TicketDTO? { tickets.indices.contains(selected) ? tickets[selected] : nil }
}
