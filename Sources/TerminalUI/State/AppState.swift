import Foundation
import TicketingProtocol

public enum Route: Sendable, Equatable {
    case login, performances, hall, queue, checkout, payment, orders, coupons, sales, settlements
    case newVenue, newPerformance
    case tickets
}

/// A message in the status bar; errors stay longer than confirmations.
public struct Notice: Sendable, Equatable {
    public var text: String
    public var isError: Bool
    public var expiresAt: Date

    public init(_ text: String, isError: Bool = false, now: Date) {
        self.text = text
        self.isError = isError
        expiresAt = now.addingTimeInterval(isError ? 8 : 4)
    }
}

/// Everything the screens draw from. Plain data: the reducer changes it, nothing else does.
public struct AppState: Sendable, Equatable {
    public static let minimumSize = Size(width: 80, height: 24)

    public var size: Size
    /// The clock as of the last tick; countdowns are computed from it, never from the system clock.
    public var now: Date
    public var timeZone: TimeZone
    /// The server as the user named it, shown on the login screen and in the header.
    public var server: String
    /// An extra line under the login form, such as the demo's accounts.
    public var loginHint: String?
    public var route: Route = .login
    public var login = LoginForm()
    public var session: UserDTO?
    public var list = PerformanceListState()
    public var hall: HallState?
    public var purchase: PurchaseState?
    public var orders = OrdersState()
    public var tickets = TicketsState()
    public var couponList: CouponListState?
    public var seller = SellerState()
    public var venueDraft: VenueDraftState?
    public var performanceForm: PerformanceFormState?
    public var helpVisible = false
    /// Colour or not (`NO_COLOR`), and the high-contrast theme (`--theme high-contrast`, F2).
    public var display = DisplayOptions()
    /// English or Korean (`LANG`/`LC_ALL`, `--lang`).
    public var language = Language.en
    public var connection: ConnectionState = .online
    public var notice: Notice?
    public var pending: Set<Request> = []

    public init(size: Size, now: Date, timeZone: TimeZone, server: String) {
        self.size = size
        self.now = now
        self.timeZone = timeZone
        self.server = server
    }

    public var isTooSmall: Bool { !size.fits(Self.minimumSize) }

    public var isSeller: Bool { session?.role == "seller" }

    /// A notice in the screen's language: `english` is a catalog key, `{0}`… take `arguments`.
    public mutating func notify(_ english: String, _ arguments: String..., isError: Bool = false) {
        notice = Notice(language.text(english, context: nil, arguments), isError: isError, now: now)
    }
}
