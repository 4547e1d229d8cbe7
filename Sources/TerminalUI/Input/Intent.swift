import Foundation
import TicketingProtocol

public enum Direction: Sendable, Equatable, Hashable {
    case up, down, left, right
}

/// What the user or the outside world wants to happen. Keys and clicks become intents through a
/// keymap; effect results come back as intents too, so the reducer is the only place state changes.
public enum Intent: Sendable, Equatable {
    // Navigation and selection.
    case move(Direction)
    case page(Direction)
    case rowStart, rowEnd
    /// Enter: open the selected row, submit the form, go on.
    case activate
    /// Space: select the seat under the cursor, flip the option under the focus.
    case toggle
    case clearSelection
    case back
    case refresh
    case toggleHelp
    case logOut
    case quit

    // Text entry on forms.
    case nextField, previousField
    case type(Character)
    case deleteBackward

    // Pointer.
    case click(x: Int, y: Int)
    case scroll(Direction)

    // The environment.
    case resized(Size)
    case tick(Date)
    case connection(ConnectionState)

    // Results of effects.
    case signedIn(UserDTO)
    case performancesLoaded([PerformanceDTO])
    case hallLoaded(performanceId: String, venue: VenueDTO, version: Int, seats: [SeatDTO])
    case seatsLoaded(performanceId: String, version: Int, seats: [SeatDTO])
    case failed(Request, message: String)

    // The purchase: waiting room, seats, hold, quote, order and payment.
    /// Hold seats: the selection, or with `bestAvailable` the best N of the cursor's grade.
    case bestAvailable
    /// `z` on a hall map: between the section overview and seat level.
    case zoom
    /// F2: the high-contrast theme on or off.
    case toggleContrast
    /// A `sales.snapshot` push for the seller's live dashboard.
    case salesLive(SalesSnapshotPush)
    /// `p` on checkout: the card form; `c`: flip the coupon under the cursor.
    case startPayment
    case toggleCoupon
    case showOrders
    /// The buyer's tickets with their QR codes (docs/TICKETS.md).
    case showTickets
    case ticketsLoaded([TicketDTO])
    case checkinsLoaded(CheckinSummaryDTO)
    case showCoupons
    case queueStatus(performanceId: String, QueueStatusDTO)
    case queueStats(performanceId: String, QueueStatsDTO)
    case admitted(performanceId: String, token: String, expiresAt: Date)
    case pushConnection(online: Bool)
    case seatStates(performanceId: String, version: Int, changes: [SeatStateDTO], snapshot: Bool)
    case held(HoldDTO)
    case holdExpired(holdId: String)
    case myCouponsLoaded([UserCouponDTO])
    case quoted(holdId: String, QuoteDTO)
    case orderPlaced(OrderDTO)
    case orderLoaded(OrderDTO)
    case orderUpdated(orderId: String, status: String, failureCode: String?)
    case ordersLoaded([OrderDTO])
    case couponsLoaded(performanceId: String, [CouponDTO])
    case couponClaimed(couponId: String, status: String)

    // The seller's figures.
    case showSales
    case showSettlements
    case exportStatement
    case salesLoaded(SalesDTO)
    case settlementsLoaded([SettlementSummaryDTO])
    case statementExported(path: String)

    // The seller's catalog: venues from hall files, performances, coupons.
    case newVenue
    case newPerformance
    case newCoupon
    case hallFilesLoaded([HallFileEntry])
    case venueCreated(VenueDTO)
    case venueChoicesLoaded([VenueChoice])
    case performanceCreated(PerformanceDTO)
    case couponCreated(CouponDTO)
    /// The server refused a form: its problems, listed under the form.
    case rejected(Request, problems: [String])

    // Leaving: the line, the hold, a paid order.
    case leaveQueue
    case releaseHold
    case cancelOrder
    /// y / n on a question such as "Refund this order?".
    case confirm(Bool)
    case queueLeft(performanceId: String)
    case holdReleased(holdId: String)
    case orderCancelled(orderId: String, status: String)
}

/// Whether the runner can reach the server. The runner probes while online and retries with
/// backoff while not; screens show the state so a stalled list is never mistaken for an empty one.
public enum ConnectionState: Sendable, Equatable {
    case online
    case reconnecting(attempt: Int, retryAt: Date)
}
