import Foundation
import TicketingProtocol

/// The buyer's orders, a performance's coupons, and the seller's sales and settlement screens
/// drawn from the app state.
enum ListScreens {
    static func drawOrders(_ state: AppState, into canvas: inout Canvas) {
        let body = Chrome(state: state, title: "My orders").draw(into: &canvas)
        let content = body.inset(dx: 2, dy: 1)
        guard state.orders.loaded else {
            canvas.text("Loading your orders…", in: content.row(0), style: Theme.muted)
            return
        }
        guard !state.orders.orders.isEmpty else {
            canvas.text("No orders yet: pick a performance and press Enter to join its line.", in: content.row(0),
                        style: Theme.muted)
            return
        }
        let titles = Dictionary(state.list.items.map { ($0.id, $0.title) }) { first, _ in first }
        let rows = state.orders.orders.map { order in
            Table.Row([titles[order.performanceId] ?? order.performanceId, "\(order.seatIds.count)",
                       Money.krw(order.total), order.status.replacingOccurrences(of: "_", with: " "),
                       TimeText.dateTime(order.createdAt, in: state.timeZone)],
                      style: order.status == "paid" ? .plain : Theme.muted)
        }
        let table = Table(columns: [Table.Column("Performance"), Table.Column("Seats", width: 5, alignment: .right),
                                    Table.Column("Total", width: 12, alignment: .right),
                                    Table.Column("Status", width: 18), Table.Column("Ordered", width: 16)],
                          rows: rows)
        let (tableArea, footer) = content.splitBottom(2)
        let visible = Table.visibleRows(height: tableArea.height)
        table.draw(into: &canvas, area: tableArea, selected: state.orders.selected,
                   scroll: Table.scroll(keeping: state.orders.selected, visible: visible, current: 0))
        guard let order = state.orders.current else { return }
        let title = titles[order.performanceId] ?? order.performanceId
        if state.orders.confirmingCancel == order.orderId {
            drawCancelQuestion(order, title: title, in: body, into: &canvas)
        }
        let (line, style) = orderLine(order)
        canvas.text(line, in: footer.row(1), style: style)
    }

    /// What the highlighted order's state means for the buyer, and what x does with it.
    static func orderLine(_ order: OrderDTO) -> (String, Style) {
        let total = Money.krw(order.total)
        switch order.status {
        case "paid": return ("Paid \(total) · x cancels it and refunds \(total) to your card", .plain)
        case "pending_payment": return ("Not paid yet · x cancels it and frees the seats", .plain)
        case "refund_processing": return ("Refund of \(total) in progress — this list refreshes by itself", Theme.warning)
        case "refunded": return ("Refunded \(total) to your card · the seats are back on sale", Theme.good)
        case "failed": return ("Payment failed\(order.failureCode.map { " (\($0))" } ?? "") · nothing was charged",
                               Theme.muted)
        default: return (order.status.replacingOccurrences(of: "_", with: " ").capitalized, Theme.muted)
        }
    }

    private static func drawCancelQuestion(_ order: OrderDTO, title: String, in body: Area, into canvas: inout Canvas) {
        let paid = order.status == "paid"
        let lines = [
            paid ? "Refund this order?" : "Cancel this unpaid order?",
            title,
            "\(order.seatIds.count) seat\(order.seatIds.count == 1 ? "" : "s") · \(Money.krw(order.total))"
                + (paid ? " back to your card" : ""),
            "The seats go back on sale.",
        ]
        let width = min(body.width - 4, max(44, lines.map(DisplayWidth.of).max() ?? 0) + 6)
        let box = body.centered(width: width, height: lines.count + 5)
        canvas.fill(box)
        canvas.box(box, title: paid ? "Refund" : "Cancel", style: Theme.warning)
        let inner = box.inset(dx: 3, dy: 1)
        for (i, line) in lines.enumerated() {
            canvas.text(line, in: inner.row(i), style: i == 0 ? Theme.title : .plain)
        }
        canvas.text("y yes · n no", in: inner.row(lines.count + 1), alignment: .center, style: Theme.title)
    }

    static func drawCoupons(_ state: AppState, into canvas: inout Canvas) {
        guard let list = state.couponList else { return }
        let body = Chrome(state: state, title: "Coupons · \(list.performance.title)").draw(into: &canvas)
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
            canvas.text("Loading coupons…", in: content.row(0), style: Theme.muted)
            return
        }
        guard !list.coupons.isEmpty else {
            canvas.text("This performance offers no coupons.", in: content.row(0), style: Theme.muted)
            return
        }
        let rows = list.coupons.map { coupon in
            let off = coupon.percent.map { "\($0)% off" } ?? "\(Money.krw(coupon.amount ?? 0)) off"
            let scope = (coupon.perTicket ? "per ticket" : "per order") + (coupon.grade.map { " · \($0)" } ?? "")
            return Table.Row([coupon.name, off, scope, Money.grouped(coupon.remaining)],
                             style: coupon.remaining > 0 ? .plain : Theme.muted)
        }
        let table = Table(columns: [Table.Column("Coupon"), Table.Column("Discount", width: 14),
                                    Table.Column("Applies", width: 20),
                                    Table.Column("Left", width: 7, alignment: .right)], rows: rows)
        let visible = Table.visibleRows(height: content.height)
        table.draw(into: &canvas, area: content, selected: list.selected,
                   scroll: Table.scroll(keeping: list.selected, visible: visible, current: 0))
    }

    /// The seller's coupons with claimed and remaining counts, reloaded every few seconds.
    private static func drawSellerCoupons(_ list: CouponListState, state: AppState, in body: Area,
                                          into canvas: inout Canvas) {
        let content = body.inset(dx: 2, dy: 1)
        guard list.loaded else {
            canvas.text("Loading coupons…", in: content.row(0), style: Theme.muted)
            return
        }
        guard !list.coupons.isEmpty else {
            canvas.text("No coupons for this performance yet: n creates one.", in: content.row(0), style: Theme.muted)
            return
        }
        let rows = list.coupons.map { coupon in
            let off = coupon.percent.map { "\($0)% off" + (coupon.maxDiscount.map { " ≤\(Money.krw($0))" } ?? "") }
                ?? "\(Money.krw(coupon.amount ?? 0)) off"
            let scope = (coupon.perTicket ? "per ticket" : "per order") + (coupon.grade.map { " · \($0)" } ?? "")
            let claimed = coupon.totalQuantity - coupon.remaining
            return Table.Row([coupon.name, off, scope, Money.grouped(claimed),
                              "\(Money.grouped(coupon.remaining))/\(Money.grouped(coupon.totalQuantity))"],
                             style: coupon.remaining > 0 ? .plain : Theme.muted)
        }
        let table = Table(columns: [Table.Column("Coupon"), Table.Column("Discount", width: 17),
                                    Table.Column("Applies", width: 14),
                                    Table.Column("Claimed", width: 7, alignment: .right),
                                    Table.Column("Left", width: 9, alignment: .right)], rows: rows)
        let (tableArea, footer) = content.splitBottom(2)
        table.draw(into: &canvas, area: tableArea, selected: list.selected,
                   scroll: Table.scroll(keeping: list.selected, visible: Table.visibleRows(height: tableArea.height),
                                        current: 0))
        let when = list.refreshedAt.map { " · as of \(TimeText.timeOfDay($0, in: state.timeZone))" } ?? ""
        canvas.text("Live counts: reloaded every \(Reducer.couponRefreshInterval) s while open\(when)",
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
            canvas.text("Loading sales…", in: body.row(1).inset(dx: 2, dy: 0), style: Theme.muted)
            return
        }
        let view = SalesView(title: show.title, seatCount: show.seatCount, ticketsSold: sales.ticketsSold,
                             gross: sales.gross, sellerCouponCost: sales.sellerCouponCost,
                             platformCouponCost: sales.platformCouponCost, refunds: sales.refunds,
                             platformFee: sales.platformFee, net: sales.net)
        SalesSummaryScreen.draw(view, in: body, into: &canvas)
        if let checkins = state.seller.checkins, checkins.performanceId == show.id {
            canvas.text("\(Money.grouped(checkins.checkedIn)) of \(Money.grouped(checkins.tickets)) tickets checked in "
                        + "at the door", in: body.inset(dx: 2, dy: 0).row(3), style: Theme.good)
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
