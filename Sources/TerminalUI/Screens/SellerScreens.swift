import Foundation

/// A seller's sales figures for one performance, as the settlement rules define them.
public enum SalesSummaryScreen {
    public static func draw(_ view: SalesView, language lang: Language = .en, in body: Area, into canvas: inout Canvas) {
        let content = body.inset(dx: 2, dy: 0)
        canvas.text(lang.text("Sales · {0}", view.title), in: content.row(0), style: Theme.title)
        let sold = lang.text("{0} of {1} tickets sold", Money.grouped(view.ticketsSold), Money.grouped(view.seatCount)) + " "
        let end = canvas.text(sold, x: content.x, y: content.y + 2)
        let fraction = view.seatCount > 0 ? Double(view.ticketsSold) / Double(view.seatCount) : 0
        canvas.progressBar(Area(x: end, y: content.y + 2, width: min(30, content.maxX - end - 6), height: 1),
                           fraction: fraction, filled: Style(foreground: .green), empty: Theme.muted)
        canvas.text(" \(Int((fraction * 100).rounded(.down)))%", x: end + min(30, content.maxX - end - 6),
                    y: content.y + 2, style: Theme.title)

        let box = Area(x: content.x, y: content.y + 4, width: min(content.width, 64), height: 11)
        canvas.box(box, title: lang.text("To date"), style: Theme.frame)
        let inner = box.inset(dx: 2, dy: 1)
        let rows: [(String, Int, Style)] = [
            (lang.text("Gross (face value of paid orders)"), view.gross, .plain),
            (lang.text("Coupons you fund"), -view.sellerCouponCost, .plain),
            (lang.text("Refunds"), -view.refunds, .plain),
            (lang.text("Platform fee"), -view.platformFee, .plain),
        ]
        for (i, row) in rows.enumerated() {
            figure(row.0, row.1, style: row.2, row: inner.row(i), into: &canvas)
        }
        canvas.horizontalLine(x: inner.x, y: inner.y + rows.count, width: inner.width, style: Theme.muted)
        figure(lang.text("Net payout"), view.net, style: Theme.title, row: inner.row(rows.count + 1), into: &canvas)
        canvas.paragraph(lang.text("Coupons the platform funds ({0}) are paid to you by the platform and cost you nothing.",
                                   Money.krw(view.platformCouponCost)), in: Area(x: inner.x, y: inner.y + rows.count + 3,
                                                                 width: inner.width, height: 2), style: Theme.muted)
    }

    static func figure(_ label: String, _ amount: Int, style: Style, row: Area, into canvas: inout Canvas) {
        canvas.text(label, in: Area(x: row.x, y: row.y, width: row.width - 16, height: 1), style: style)
        canvas.text(Money.krw(amount), in: Area(x: row.maxX - 15, y: row.y, width: 15, height: 1),
                    alignment: .right, style: style)
    }
}

/// Payout per settlement period as a horizontal bar chart, newest period last.
public enum SettlementChartScreen {
    public static func draw(_ view: SettlementView, language lang: Language = .en, in body: Area,
                            into canvas: inout Canvas) {
        let content = body.inset(dx: 2, dy: 0)
        canvas.text(lang.text("Settlement · payout per period"), in: content.row(0), style: Theme.title)
        guard !view.periods.isEmpty else {
            canvas.text(lang.text("No settlement periods yet: the first one opens with the first paid order."),
                        in: content.row(2), style: Theme.muted)
            return
        }
        let labelWidth = 13
        let amountWidth = 13
        let statusWidth = 7
        let barWidth = max(1, content.width - labelWidth - amountWidth - statusWidth - 4)
        let peak = max(1, view.periods.map(\.payout).max() ?? 1)
        let visible = max(0, content.height - 5)
        let shown = view.periods.suffix(visible)
        let amountX = content.x + labelWidth + 2 + barWidth
        canvas.text(lang.text("Period"), x: content.x, y: content.y + 2, style: Theme.muted)
        canvas.text(lang.text("Payout"), in: Area(x: amountX, y: content.y + 2, width: amountWidth, height: 1), alignment: .right,
                    style: Theme.muted)
        canvas.text(lang.text("Status"), x: amountX + amountWidth + 1, y: content.y + 2, style: Theme.muted)
        for (i, period) in shown.enumerated() {
            let y = content.y + 3 + i
            let first = TimeText.monthDay(period.periodStart, in: view.timeZone)
            // Periods end at the next period's start; the last day they cover is a second before.
            let last = TimeText.monthDay(period.periodEnd.addingTimeInterval(-1), in: view.timeZone)
            let label = first == last ? first : "\(first)–\(last)"
            var labelStyle = Theme.label
            if view.selected == view.periods.count - shown.count + i { labelStyle.reverse = true }
            canvas.text(DisplayWidth.pad(label, to: labelWidth, alignment: .left), x: content.x, y: y, style: labelStyle)
            let cells = period.payout > 0
                ? Canvas.filledCells(fraction: Double(period.payout) / Double(peak), width: barWidth) : 0
            let style = Style(foreground: period.status == .open ? .yellow : .green)
            for c in 0..<cells {
                canvas.put(LineGlyph.full, x: content.x + labelWidth + 1 + c, y: y, style: style)
            }
            canvas.text(Money.krw(period.payout), in: Area(x: amountX, y: y, width: amountWidth, height: 1),
                        alignment: .right, style: period.payout < 0 ? Theme.error : .plain)
            canvas.text(lang.text(period.status.rawValue, context: "period"), x: amountX + amountWidth + 1, y: y,
                        style: period.status == .open ? Theme.warning : Theme.muted)
        }
        let total = view.periods.reduce(0) { $0 + $1.payout }
        let gross = view.periods.reduce(0) { $0 + $1.gross }
        let y = content.y + 4 + shown.count
        let count = view.periods.count
        let summary = count == 1
            ? lang.text("Gross {0} · payout {1} over 1 period", Money.krw(gross), Money.krw(total))
            : lang.text("Gross {0} · payout {1} over {2} periods", Money.krw(gross), Money.krw(total), "\(count)")
        canvas.text(summary + (shown.count < view.periods.count ? lang.text(" (latest {0} shown)", "\(shown.count)") : ""),
            in: Area(x: content.x, y: y, width: content.width, height: 1), style: Theme.muted)
    }
}
