import Foundation
import TicketingProtocol

/// Every performance with its sale countdown, and the highlighted one in detail below.
public enum PerformanceListScreen {
    static let detailRows = 6

    /// Where the table sits, shared with the reducer so clicks and paging match the drawing.
    public static func tableArea(size: Size) -> Area {
        let body = Area(x: 0, y: 1, width: size.width, height: size.height - 2)
        let (_, rest) = body.splitTop(2)
        let (table, _) = rest.splitBottom(detailRows)
        return table.inset(dx: 2, dy: 0)
    }

    public static func visibleRows(size: Size) -> Int {
        Table.visibleRows(height: tableArea(size: size).height)
    }

    public static func draw(_ state: AppState, into canvas: inout Canvas) {
        let chrome = Chrome(state: state, title: "Performances")
        let body = chrome.draw(into: &canvas)
        let list = state.list
        let offset = state.timeZone.secondsFromGMT(for: state.now)
        let zone = String(format: "UTC%@%02d:%02d", offset < 0 ? "-" : "+", abs(offset) / 3600,
                          abs(offset) % 3600 / 60)
        let lang = state.language
        let count = list.items.count == 1 ? lang.text("1 performance") : lang.text("{0} performances", "\(list.items.count)")
        canvas.text(list.loaded ? count : lang.text("Performances"), x: 2, y: body.y, style: Theme.title)
        canvas.text(lang.text("times in {0}", zone), in: Area(x: body.x, y: body.y, width: body.width - 2, height: 1),
                    alignment: .right, style: Theme.muted)

        let area = tableArea(size: canvas.size)
        if !list.loaded {
            let text = state.pending.contains(.performances) ? lang.text("Loading performances…")
                : lang.text("The list has not loaded yet — press r to try again.")
            canvas.text(text, x: area.x, y: area.y + 1, style: Theme.muted)
            return
        }
        if list.items.isEmpty {
            canvas.text(lang.text("No performances yet — press r to reload."), x: area.x, y: area.y + 1, style: Theme.muted)
            return
        }
        table(state, width: area.width).draw(into: &canvas, area: area, selected: list.selected,
                                             scroll: list.scroll)
        if let current = list.current {
            let detail = Area(x: 1, y: area.maxY, width: canvas.width - 2, height: detailRows)
            drawDetail(current, state: state, area: detail, into: &canvas)
        }
    }

    static func table(_ state: AppState, width: Int) -> Table {
        let wide = width >= 110
        let lang = state.language
        var columns = [Table.Column(lang.text("Title"))]
        if wide { columns.append(Table.Column(lang.text("Venue"), width: 22)) }
        columns += [Table.Column(lang.text("Starts"), width: 16), Table.Column(lang.text("Sale"), width: 20)]
        if wide { columns.append(Table.Column(lang.text("From"), width: 9, alignment: .right)) }
        let rows = state.list.items.map { show -> Table.Row in
            let phase = SalePhase(show, now: state.now)
            var cells = [title(show, state: state)]
            if wide { cells.append(show.venueName) }
            cells += [TimeText.dateTime(show.startsAt, in: state.timeZone), phase.text(in: lang)]
            if wide { cells.append(show.grades.map(\.price).min().map(Money.krw) ?? "") }
            let style: Style = switch phase {
            case .onSale: Theme.good
            case .closed: Theme.muted
            case .opensIn: .plain
            }
            return Table.Row(cells, style: style)
        }
        return Table(columns: columns, rows: rows)
    }

    private static func title(_ show: PerformanceDTO, state: AppState) -> String {
        state.isSeller && show.sellerId == state.session?.id ? state.language.text("{0} (yours)", show.title) : show.title
    }

    private static func drawDetail(_ show: PerformanceDTO, state: AppState, area: Area, into canvas: inout Canvas) {
        canvas.box(area, title: show.title, style: Theme.frame)
        let inner = area.inset(dx: 2, dy: 1)
        let lang = state.language
        canvas.text(lang.text("{0} · {1} seats · starts {2}", show.venueName, Money.grouped(show.seatCount),
                              TimeText.dateTime(show.startsAt, in: state.timeZone)), in: inner.row(0))
        let phase = SalePhase(show, now: state.now)
        let opens = lang.text("Sale opens {0} · ", TimeText.dateTime(show.saleOpensAt, in: state.timeZone))
        canvas.spans([Span(opens), Span(phase.text(in: lang), phaseStyle(phase))], x: inner.x, y: inner.y + 1,
                     clip: inner)
        let prices = show.grades.sorted { $0.price > $1.price }
            .map { "\($0.grade) \(Money.krw($0.price))" }.joined(separator: " · ")
        canvas.text(prices, in: inner.row(2))
        let hold = TimeText.duration(seconds: show.holdSeconds, language: lang)
        let rules = state.isSeller
            ? lang.text("Up to {0} seats per order, held {1} at checkout · Enter shows the hall map", "\(show.maxSeatsPerOrder)", hold)
            : lang.text("Up to {0} seats per order, held {1} at checkout · Enter opens the hall map", "\(show.maxSeatsPerOrder)", hold)
        canvas.text(rules, in: inner.row(3), style: Theme.muted)
    }

    private static func phaseStyle(_ phase: SalePhase) -> Style {
        switch phase {
        case .onSale: Theme.good
        case .closed: Theme.muted
        case .opensIn: Theme.warning
        }
    }
}
