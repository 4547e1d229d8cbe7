import Foundation
import TicketingProtocol

/// The seller's sales screen while the server pushes live figures: tickets per minute over the
/// sale, seats per grade, the line, payments and coupons, and the money to date in one line.
/// Wide terminals put grades and figures side by side under the chart; 80 columns stack them.
public enum LiveSalesScreen {
    /// Shades for a column's top cell, in eighths.
    static let eighths: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    public static func draw(_ live: SalesSnapshotPush, title: String, toDate: SalesDTO?, timeZone: TimeZone,
                            language lang: Language = .en, in body: Area, into canvas: inout Canvas) {
        let content = body.inset(dx: 1, dy: 0)
        let sold = live.grades.reduce(0) { $0 + $1.sold }
        let seats = live.grades.reduce(0) { $0 + $1.sold + $1.held + $1.available }
        canvas.spans([Span(lang.text("Sales · {0}", title), Theme.title), Span(" · "), Span(lang.text("live"), Theme.good),
                      Span(lang.text(" · as of {0}", TimeText.timeOfDay(live.at, in: timeZone)), Theme.muted)],
                     x: content.x, y: content.y, clip: content.row(0))
        let soldText = lang.text("{0} of {1} sold", Money.grouped(sold), Money.grouped(seats))
        canvas.text(soldText, in: content.row(0), alignment: .right, style: Theme.title)

        let rest = Area(x: content.x, y: content.y + 1, width: content.width, height: content.height - 2)
        let wide = rest.width >= 100
        let gradeRows = live.grades.count + 2
        let figureRows = wide ? max(gradeRows, 8) : 5
        let lower = wide ? figureRows : gradeRows + figureRows
        let chartHeight = max(5, rest.height - lower)
        let (chartBox, below) = rest.splitTop(chartHeight)
        drawChart(live, timeZone: timeZone, language: lang, box: chartBox, into: &canvas)
        if wide {
            let gradesBox = Area(x: below.x, y: below.y, width: below.width * 3 / 5, height: figureRows)
            let figuresBox = Area(x: gradesBox.maxX, y: below.y, width: below.width - gradesBox.width, height: figureRows)
            drawGrades(live, language: lang, box: gradesBox, into: &canvas)
            drawFigures(live, language: lang, box: figuresBox, compact: false, into: &canvas)
        } else {
            let (gradesBox, more) = below.splitTop(gradeRows)
            drawGrades(live, language: lang, box: gradesBox, into: &canvas)
            drawFigures(live, language: lang, box: more.splitTop(figureRows).0, compact: true, into: &canvas)
        }
        if let toDate {
            let full = lang.text("To date: gross {0} · refunds {1} · fee {2} · net {3}", Money.krw(toDate.gross),
                                 Money.krw(toDate.refunds), Money.krw(toDate.platformFee), Money.krw(toDate.net))
            let short = lang.text("To date: gross {0} · net payout {1}", Money.krw(toDate.gross), Money.krw(toDate.net))
            canvas.text(DisplayWidth.of(full) <= content.width ? full : short, in: content.row(content.height - 1),
                        style: Theme.muted)
        }
    }

    /// One column per minute (wider when there are few), the busiest minute filling the height.
    static func drawChart(_ live: SalesSnapshotPush, timeZone: TimeZone, language lang: Language, box: Area,
                          into canvas: inout Canvas) {
        canvas.box(box, title: lang.text("Tickets per minute"), style: Theme.frame)
        let inner = box.inset(dx: 1, dy: 1)
        let (plot, axis) = inner.splitBottom(1)
        let peak = live.ticketsPerMinute.max() ?? 0
        let label = Money.grouped(peak)
        let labelWidth = DisplayWidth.of(label) + 1
        let bars = Area(x: plot.x + labelWidth, y: plot.y, width: plot.width - labelWidth, height: plot.height)
        guard !live.ticketsPerMinute.isEmpty, bars.width > 0, bars.height > 0 else {
            canvas.text(lang.text("No sales yet — the chart starts when the sale opens."), in: plot.row(plot.height / 2),
                        alignment: .center, style: Theme.muted)
            return
        }
        canvas.text(label, x: plot.x, y: plot.y, style: Theme.muted)
        canvas.text("0", x: plot.x + labelWidth - 2, y: plot.maxY - 1, style: Theme.muted)
        let columnWidth = max(1, min(4, bars.width / live.ticketsPerMinute.count))
        let shown = Array(live.ticketsPerMinute.suffix(bars.width / columnWidth))
        let firstShown = live.firstMinute.addingTimeInterval(Double(live.ticketsPerMinute.count - shown.count) * 60)
        for (i, count) in shown.enumerated() {
            let eighthsTall = peak > 0 ? Int((Double(count) / Double(peak) * Double(bars.height * 8)).rounded()) : 0
            for row in 0..<bars.height {
                let fromBottom = bars.height - 1 - row
                let fill = min(8, max(0, eighthsTall - fromBottom * 8))
                guard fill > 0 else { continue }
                // Wide columns keep a gap so neighbouring minutes read apart.
                for dx in 0..<(columnWidth > 1 ? columnWidth - 1 : 1) {
                    canvas.put(eighths[fill], x: bars.x + i * columnWidth + dx, y: bars.y + row,
                               style: Style(foreground: .green))
                }
            }
        }
        let start = TimeText.timeOfDay(firstShown, in: timeZone)
        canvas.text(start, x: bars.x, y: axis.y, style: Theme.muted)
        let perMinuteNow = live.ticketsPerMinute.last ?? 0
        canvas.text(lang.text("now {0}/min", Money.grouped(perMinuteNow)), in: axis, alignment: .right, style: Theme.muted)
    }

    /// Per grade a bar of sold (█), held (▓) and free (░) seats, then the three counts.
    static func drawGrades(_ live: SalesSnapshotPush, language lang: Language, box: Area, into canvas: inout Canvas) {
        canvas.box(box, title: lang.text("Seats by grade · █ sold ▓ held ░ free"), style: Theme.frame)
        let inner = box.inset(dx: 1, dy: 1)
        let nameWidth = min(8, max(3, live.grades.map { DisplayWidth.of($0.grade) }.max() ?? 3))
        let countsWidth = 26
        let barWidth = max(4, inner.width - nameWidth - countsWidth - 2)
        // Each count padded to the widest of its column, so the numbers (and the words between
        // them, in either language) line up from grade to grade.
        let columns = [\GradeSalesDTO.sold, \.held, \.available].map { path in
            (path, live.grades.map { Money.grouped($0[keyPath: path]).count }.max() ?? 1)
        }
        for (i, grade) in live.grades.prefix(inner.height).enumerated() {
            let row = inner.row(i)
            canvas.text(grade.grade, in: Area(x: row.x, y: row.y, width: nameWidth, height: 1), style: Theme.title)
            let total = max(1, grade.sold + grade.held + grade.available)
            let soldCells = grade.sold * barWidth / total
            let heldCells = grade.held > 0 ? max(1, grade.held * barWidth / total) : 0
            let x = row.x + nameWidth + 1
            for c in 0..<barWidth {
                let (glyph, style): (Character, Style) = c < soldCells ? ("█", Style(foreground: .green))
                    : c < soldCells + heldCells ? ("▓", Style(foreground: .yellow)) : ("░", Theme.muted)
                canvas.put(glyph, x: x + c, y: row.y, style: style)
            }
            let figures = columns.map { path, width in
                DisplayWidth.pad(Money.grouped(grade[keyPath: path]), to: width, alignment: .right)
            }
            let counts = lang.text("{0} sold {1} held {2} free", figures[0], figures[1], figures[2])
            canvas.text(counts, in: Area(x: row.maxX - countsWidth, y: row.y, width: countsWidth, height: 1),
                        alignment: .right)
        }
    }

    /// The line, payments and coupons: one per row when wide, two per row at 80 columns.
    static func drawFigures(_ live: SalesSnapshotPush, language lang: Language, box: Area, compact: Bool,
                            into canvas: inout Canvas) {
        canvas.box(box, title: lang.text("Line · payments · coupons"), style: Theme.frame)
        let inner = box.inset(dx: 1, dy: 1)
        let wait = live.newArrivalWaitSeconds.map { estimate($0, lang) } ?? lang.text("unknown")
        let rate = String(format: "%.1f/s", live.admissionRatePerSecond)
        let figures: [(String, String, Style)] = [
            (lang.text("Waiting in line"), Money.grouped(live.waiting), .plain),
            (lang.text("Admitting"), rate, .plain),
            (lang.text("A new arrival waits"), wait, live.newArrivalWaitSeconds == nil ? Theme.muted : .plain),
            (lang.text("Shopping now"), Money.grouped(live.admittedActive), .plain),
            (lang.text("Payments paid / failed"), "\(Money.grouped(live.paymentsPaid)) / \(Money.grouped(live.paymentsFailed))",
             live.paymentsFailed > 0 ? Theme.warning : .plain),
            (lang.text("Coupons claimed / left"), "\(Money.grouped(live.couponsClaimed)) / \(Money.grouped(live.couponsLeft))", .plain),
        ]
        let perRow = compact ? 2 : 1
        let columnWidth = inner.width / perRow
        for (i, figure) in figures.enumerated() {
            let row = i / perRow, column = i % perRow
            guard row < inner.height else { break }
            let cell = Area(x: inner.x + column * columnWidth, y: inner.y + row, width: columnWidth - (column == 0 && perRow > 1 ? 2 : 0),
                            height: 1)
            canvas.text(figure.0, in: cell, style: Theme.muted)
            canvas.text(figure.1, in: cell, alignment: .right, style: figure.2.bold ? figure.2 : Style(bold: true))
        }
    }

    /// "about 2 min", in the screen's language; hours only in English, as a line that long is rare.
    static func estimate(_ seconds: Int, _ lang: Language) -> String {
        let s = max(0, seconds)
        if s < 60 { return lang.text("about {0} s", "\(s)") }
        if s < 3_600 { return lang.text("about {0} min", "\((s + 30) / 60)") }
        return TimeText.estimate(seconds: s)
    }
}
