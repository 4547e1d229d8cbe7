import Foundation
import TicketingProtocol

/// The buyer's orders, a performance's coupons, and the seller's sales and settlement screens
/// drawn from the app state.
enum ListScreens {
    static func drawOrders(_ state: AppState, into canvas: inout Canvas) {
        let body = Chrome(state: state, title: "My orders").draw(into: &canvas)
        let content = body.inset(dx: 2, dy: 1)
        let lang = state.language
        guard state.orders.loaded else {
            canvas.text(lang.text("Loading your orders…"), in: content.row(0), style: Theme.muted)
            return
        }
        guard !state.orders.orders.isEmpty else {
            canvas.text(lang.text("No orders yet: pick a performance and press Enter to join its line."), in: content.row(0),
                        style: Theme.muted)
            return
        }
        let titles = Dictionary(state.list.items.map { ($0.id, $0.title) }) { first, _ in first }
        let rows = state.orders.orders.map { order in
            Table.Row([titles[order.performanceId] ?? order.performanceId, "\(order.seatIds.count)",
                       Money.krw(order.total), lang.orderStatus(order.status),
                       TimeText.dateTime(order.createdAt, in: state.timeZone)],
                      style: order.status == "paid" ? .plain : Theme.muted)
        }
        let table = Table(columns: [Table.Column(lang.text("Performance")),
                                    Table.Column(lang.text("Seats"), width: 5, alignment: .right),
                                    Table.Column(lang.text("Total"), width: 12, alignment: .right),
                                    Table.Column(lang.text("Status"), width: 18), Table.Column(lang.text("Ordered"), width: 16)],
                          rows: rows)
        let (tableArea, footer) = content.splitBottom(2)
        let visible = Table.visibleRows(height: tableArea.height)
        table.draw(into: &canvas, area: tableArea, selected: state.orders.selected,
                   scroll: Table.scroll(keeping: state.orders.selected, visible: visible, current: 0))
        guard let order = state.orders.current else { return }
        let title = titles[order.performanceId] ?? order.performanceId
        if state.orders.confirmingCancel == order.orderId {
            drawCancelQuestion(order, title: title, language: lang, in: body, into: &canvas)
        }
        let (line, style) = orderLine(order, language: lang)
        canvas.text(line, in: footer.row(1), style: style)
    }

    /// What the highlighted order's state means for the buyer, and what x does with it.
    static func orderLine(_ order: OrderDTO, language lang: Language = .en) -> (String, Style) {
        let total = Money.krw(order.total)
        switch order.status {
        case "paid": return (lang.text("Paid {0} · x cancels it and refunds {0} to your card", total), .plain)
        case "pending_payment": return (lang.text("Not paid yet · x cancels it and frees the seats"), .plain)
        case "refund_processing":
            return (lang.text("Refund of {0} in progress — this list refreshes by itself", total), Theme.warning)
        case "refunded": return (lang.text("Refunded {0} to your card · the seats are back on sale", total), Theme.good)
        case "failed":
            let failed = order.failureCode.map {
                lang.text("Payment failed: {0} · nothing was charged", PaymentScreen.reason($0, language: lang))
            }
            return (failed ?? lang.text("Payment failed · nothing was charged"), Theme.muted)
        default:
            let status = lang.orderStatus(order.status)
            return (status.prefix(1).uppercased() + status.dropFirst(), Theme.muted)
        }
    }

    private static func drawCancelQuestion(_ order: OrderDTO, title: String, language lang: Language, in body: Area,
                                           into canvas: inout Canvas) {
        let paid = order.status == "paid"
        let seats = order.seatIds.count == 1 ? lang.text("1 seat") : lang.text("{0} seats", "\(order.seatIds.count)")
        let lines = [
            paid ? lang.text("Refund this order?") : lang.text("Cancel this unpaid order?"),
            title,
            paid ? lang.text("{0} · {1} back to your card", seats, Money.krw(order.total))
                : "\(seats) · \(Money.krw(order.total))",
            lang.text("The seats go back on sale."),
        ]
        let width = min(body.width - 4, max(44, lines.map(DisplayWidth.of).max() ?? 0) + 6)
        let box = body.centered(width: width, height: lines.count + 5)
        canvas.fill(box)
        canvas.box(box, title: paid ? lang.text("Refund") : lang.text("Cancel"), style: Theme.warning)
        let inner = box.inset(dx: 3, dy: 1)
        for (i, line) in lines.enumerated() {
            canvas.text(line, in: inner.row(i), style: i == 0 ? Theme.title : .plain)
        }
        canvas.text(lang.text("y yes · n no"), in: inner.row(lines.count + 1), alignment: .center, style: Theme.title)
    }

    static func drawCoupons(_ state: AppState, into canvas: inout Canvas) {
        guard let list = state.couponList else { return }
        var chrome = Chrome(state: state, title: "Coupons")
        chrome.title = state.language.text("Coupons · {0}", list.performance.title)
        let body = chrome.draw(into: &canvas)
        let lang = state.language
        if let sheet = list.form {
            CatalogScreens.drawCouponForm(sheet, state: state, in: body, into: &canvas)
            return
        }
        if state.isSeller {
            drawSellerCoupons(list, state: state, in: body, into: &canvas)
            return
        }
        let content = body.inset(dx: 2, dy: 1)
        guard list.loaded else {
            canvas.text(lang.text("Loading coupons…"), in: content.row(0), style: Theme.muted)
            return
        }
        guard !list.coupons.isEmpty else {
            canvas.text(lang.text("This performance offers no coupons."), in: content.row(0), style: Theme.muted)
            return
        }
        let rows = list.coupons.map { coupon in
            let off = coupon.percent.map { lang.text("{0}% off", "\($0)") } ?? lang.text("{0} off", Money.krw(coupon.amount ?? 0))
            let scope = (coupon.perTicket ? lang.text("per ticket") : lang.text("per order")) + (coupon.grade.map { " · \($0)" } ?? "")
            return Table.Row([coupon.name, off, scope, Money.grouped(coupon.remaining)],
                             style: coupon.remaining > 0 ? .plain : Theme.muted)
        }
        let table = Table(columns: [Table.Column(lang.text("Coupon")), Table.Column(lang.text("Discount"), width: 14),
                                    Table.Column(lang.text("Applies"), width: 20),
                                    Table.Column(lang.text("Left"), width: 7, alignment: .right)], rows: rows)
        let visible = Table.visibleRows(height: content.height)
        table.draw(into: &canvas, area: content, selected: list.selected,
                   scroll: Table.scroll(keeping: list.selected, visible: visible, current: 0))
    }

    /// The seller's coupons with claimed and remaining counts, reloaded every few seconds.
    private static func drawSellerCoupons(_ list: CouponListState, state: AppState, in body: Area,
                                          into canvas: inout Canvas) {
        let content = body.inset(dx: 2, dy: 1)
        let lang = state.language
        guard list.loaded else {
            canvas.text(lang.text("Loading coupons…"), in: content.row(0), style: Theme.muted)
            return
        }
        guard !list.coupons.isEmpty else {
            canvas.text(lang.text("No coupons for this performance yet: n creates one."), in: content.row(0), style: Theme.muted)
            return
        }
        let rows = list.coupons.map { coupon in
            let off = coupon.percent.map { lang.text("{0}% off", "\($0)") + (coupon.maxDiscount.map { " ≤\(Money.krw($0))" } ?? "") }
                ?? lang.text("{0} off", Money.krw(coupon.amount ?? 0))
            let scope = (coupon.perTicket ? lang.text("per ticket") : lang.text("per order")) + (coupon.grade.map { " · \($0)" } ?? "")
            let claimed = coupon.totalQuantity - coupon.remaining
            return Table.Row([coupon.name, off, scope, Money.grouped(claimed),
                              "\(Money.grouped(coupon.remaining))/\(Money.grouped(coupon.totalQuantity))"],
                             style: coupon.remaining > 0 ? .plain : Theme.muted)
        }
        let table = Table(columns: [Table.Column(lang.text("Coupon")), Table.Column(lang.text("Discount"), width: 17),
                                    Table.Column(lang.text("Applies"), width: 14),
                                    Table.Column(lang.text("Claimed"), width: 7, alignment: .right),
                                    Table.Column(lang.text("Left"), width: 9, alignment: .right)], rows: rows)
        let (tableArea, footer) = content.splitBottom(2)
        table.draw(into: &canvas, area: tableArea, selected: list.selected,
                   scroll: Table.scroll(keeping: list.selected, visible: Table.visibleRows(height: tableArea.height),
                                        current: 0))
        let when = list.refreshedAt.map { lang.text(" · as of {0}", TimeText.timeOfDay($0, in: state.timeZone)) } ?? ""
        canvas.text(lang.text("Live counts: reloaded every {0} s while open", "\(Reducer.couponRefreshInterval)") + when,
                    in: footer.row(1), style: Theme.muted)
    }

    static func drawSales(_ state: AppState, into canvas: inout Canvas) {
        let show = state.seller.salesPerformance
        let body = Chrome(state: state, title: "Sales").draw(into: &canvas)
        if let show, let live = state.seller.live, live.performanceId == show.id {
            LiveSalesScreen.draw(live, title: show.title, toDate: state.seller.sales, timeZone: state.timeZone,
                                 language: state.language, in: body, into: &canvas)
            return
        }
        guard let show, let sales = state.seller.sales else {
            canvas.text(state.language.text("Loading sales…"), in: body.row(1).inset(dx: 2, dy: 0), style: Theme.muted)
            return
        }
        let view = SalesView(title: show.title, seatCount: show.seatCount, ticketsSold: sales.ticketsSold,
                             gross: sales.gross, sellerCouponCost: sales.sellerCouponCost,
                             platformCouponCost: sales.platformCouponCost, refunds: sales.refunds,
                             platformFee: sales.platformFee, net: sales.net)
        SalesSummaryScreen.draw(view, language: state.language, in: body, into: &canvas)
        if let checkins = state.seller.checkins, checkins.performanceId == show.id {
            canvas.text(state.language.text("{0} of {1} tickets checked in at the door", Money.grouped(checkins.checkedIn),
                                            Money.grouped(checkins.tickets)), in: body.inset(dx: 2, dy: 0).row(3), style: Theme.good)
        }
    }

    static func settlementView(_ state: AppState) -> SettlementView {
        let periods = state.seller.settlements.map { s in
            SettlementView.Period(id: s.id, periodStart: s.periodStart, periodEnd: s.periodEnd, gross: s.gross,
                                  sellerCouponCost: s.sellerCouponCost, platformFee: s.platformFee,
                                  refunds: s.refunds, payout: s.payout,
                                  status: SettlementView.Period.Status(rawValue: s.status) ?? .open)
        }
        return SettlementView(periods: periods, timeZone: state.timeZone,
                              selected: periods.isEmpty ? nil : state.seller.selected)
    }

    static func drawSettlements(_ state: AppState, into canvas: inout Canvas) {
        let body = Chrome(state: state, title: "Settlement").draw(into: &canvas)
        let view = settlementView(state)
        SettlementChartScreen.draw(view, language: state.language, in: body, into: &canvas)
        let content = body.inset(dx: 2, dy: 0)
        if let index = view.selected, view.periods.indices.contains(index) {
            let period = view.periods[index]
            let line = state.language.text("Selected {0} · gross {1} · fee {2} · e saves its CSV",
                                           TimeText.monthDay(period.periodStart, in: state.timeZone),
                                           Money.krw(period.gross), Money.krw(period.platformFee))
            canvas.text(line, in: content.row(content.height - 2), style: Theme.title)
        }
        if let path = state.seller.exportedPath {
            canvas.text(state.language.text("Saved {0}", path), in: content.row(content.height - 1), style: Theme.good)
        }
    }
}
