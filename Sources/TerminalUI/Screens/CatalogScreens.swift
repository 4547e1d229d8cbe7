import Foundation
import TicketingDomain
import TicketingProtocol

/// The seller's catalog screens: a venue from a hall file and a new performance.
enum CatalogScreens {
    static func drawNewVenue(_ state: AppState, into canvas: inout Canvas) {
        let body = Chrome(state: state, title: "New venue").draw(into: &canvas)
        let content = body.inset(dx: 2, dy: 1)
        let lang = state.language
        guard let draft = state.venueDraft, draft.loaded else {
            canvas.text(lang.text("Reading the hall files…"), in: content.row(0), style: Theme.muted)
            return
        }
        guard !draft.files.isEmpty else {
            canvas.paragraph(lang.text("No .hall files in the assets directory (Assets/halls, or --assets). "
                + "docs/HALL_FORMAT.md describes the format."), in: content, style: Theme.muted)
            return
        }
        canvas.text(lang.text("Hall files — Enter creates a venue from the highlighted one"), in: content.row(0),
                    style: Theme.title)
        let listWidth = min(40, content.width / 2 - 1)
        let list = Area(x: content.x, y: content.y + 2, width: listWidth, height: content.height - 2)
        let rows = draft.files.map { entry in
            Table.Row([entry.fileName, entry.hall.map { Money.grouped($0.layout.seats.count) } ?? lang.text("invalid")],
                      style: entry.hall == nil ? Theme.error : .plain)
        }
        let table = Table(columns: [Table.Column(lang.text("File")), Table.Column(lang.text("Seats"), width: 7, alignment: .right)],
                          rows: rows)
        table.draw(into: &canvas, area: list, selected: draft.selected,
                   scroll: Table.scroll(keeping: draft.selected, visible: Table.visibleRows(height: list.height),
                                        current: 0))
        let preview = Area(x: list.maxX + 2, y: content.y + 2, width: content.maxX - list.maxX - 2,
                           height: content.height - 2)
        if let entry = draft.current {
            drawPreview(entry, pending: state.pending.contains(.createVenue), problems: draft.problems, language: lang,
                        in: preview, into: &canvas)
        }
    }

    private static func drawPreview(_ entry: HallFileEntry, pending: Bool, problems: [String], language lang: Language,
                                    in area: Area, into canvas: inout Canvas) {
        guard let hall = entry.hall else {
            canvas.box(area, title: lang.text("Problems · {0}", entry.fileName), style: Theme.frame)
            let problems = entry.problems.map { lang.problem($0) }
            canvas.paragraph(problems.isEmpty ? lang.text("This file cannot be read.") : problems.joined(separator: "\n"),
                             in: area.inset(dx: 2, dy: 1), style: Theme.error)
            return
        }
        canvas.box(area, title: lang.text("Preview · {0}", hall.name), style: Theme.frame)
        let inner = area.inset(dx: 2, dy: 1)
        let layout = hall.layout
        let sections = Set(layout.seats.map(\.section)).count
        var lines = [
            sections == 1 ? lang.text("{0} seats in 1 section", Money.grouped(layout.seats.count))
                : lang.text("{0} seats in {1} sections", Money.grouped(layout.seats.count), "\(sections)"),
            lang.text("Map {0}×{1} · stage {2}×{3}", "\(layout.width)", "\(layout.height)", "\(layout.stage.width)",
                      "\(layout.stage.height)"),
        ]
        // Prices padded to the widest, so the seat counts after them start in one column.
        let priceWidth = hall.grades.map { DisplayWidth.of(Money.krw($0.price)) }.max() ?? 0
        for grade in hall.grades {
            let price = DisplayWidth.pad(Money.krw(grade.price), to: priceWidth, alignment: .right)
            lines.append("\(DisplayWidth.pad(grade.grade, to: 4, alignment: .left)) \(price) · "
                + lang.text("{0} seats", Money.grouped(grade.seatIds.count)))
        }
        for (i, line) in lines.enumerated() where i < inner.height {
            canvas.text(line, in: inner.row(i), style: i == 0 ? Theme.title : .plain)
        }
        let mapTop = inner.y + lines.count + 1
        let bottom = inner.maxY - 1
        if pending {
            canvas.text(lang.text("Creating the venue…"), in: Area(x: inner.x, y: bottom, width: inner.width, height: 1),
                        style: Theme.muted)
        } else if let problem = problems.first {
            let shown = problems.count > 1 ? lang.text("{0} (+{1} more)", lang.text(problem), "\(problems.count - 1)")
                : lang.text(problem)
            canvas.text("! \(shown)", in: Area(x: inner.x, y: bottom, width: inner.width, height: 1),
                        style: Theme.error)
        }
        let map = Area(x: inner.x, y: mapTop, width: inner.width, height: max(0, bottom - mapTop - 1))
        drawMiniMap(hall, in: map, into: &canvas)
    }

    /// The hall scaled down to fit: each cell shows the map glyph of the first seat in the block
    /// it covers (the hall map's letters and colours), `=` the stage.
    static func drawMiniMap(_ hall: Hall, in area: Area, into canvas: inout Canvas) {
        let layout = hall.layout
        guard area.width > 4, area.height > 2, layout.width > 0, layout.height > 0 else { return }
        let scale = max(1, max((layout.width + area.width - 1) / area.width,
                               (layout.height + area.height - 1) / area.height))
        let palette = GradePalette(grades: hall.grades)
        var looks: [String: (Character, Style)] = [:]
        for grade in hall.grades {
            guard let entry = palette.entry(for: grade.grade) else { continue }
            for id in grade.seatIds { looks[id] = (entry.glyph, Style(foreground: entry.color, bold: true)) }
        }
        let width = (layout.width + scale - 1) / scale
        let x0 = area.x + max(0, (area.width - width) / 2)
        let stage = layout.stage
        for y in stage.y..<(stage.y + stage.height) {
            for x in stage.x..<(stage.x + stage.width) {
                canvas.put("=", x: x0 + x / scale, y: area.y + y / scale, style: Theme.stage, clip: area)
            }
        }
        var drawn: Set<Int> = []
        for seat in layout.seats {
            let cx = seat.x / scale, cy = seat.y / scale
            guard drawn.insert(cy * (width + 1) + cx).inserted else { continue }
            let look = looks[seat.id] ?? ("#", .plain)
            canvas.put(look.0, x: x0 + cx, y: area.y + cy, style: look.1, clip: area)
        }
    }

    static func drawNewPerformance(_ state: AppState, into canvas: inout Canvas) {
        let body = Chrome(state: state, title: "New performance").draw(into: &canvas)
        let content = body.inset(dx: 2, dy: 1)
        let lang = state.language
        guard let sheet = state.performanceForm else { return }
        guard sheet.loaded else {
            canvas.text(lang.text("Loading your venues…"), in: content.row(0), style: Theme.muted)
            return
        }
        guard !sheet.venues.isEmpty else {
            canvas.text(lang.text("You have no venues yet: Esc, then v creates one from a hall file."), in: content.row(0),
                        style: Theme.muted)
            return
        }
        canvas.text(lang.text("New performance — the sale opens by itself at its time"), in: content.row(0), style: Theme.title)
        let busy = state.pending.contains(.createPerformance) ? lang.text("Creating the performance…") : nil
        FormView.draw(sheet.form, busy: busy, language: lang, in: Area(x: content.x, y: content.y + 2, width: content.width,
                                                       height: content.height - 2), into: &canvas)
    }

    static func drawCouponForm(_ sheet: CouponFormState, state: AppState, in body: Area, into canvas: inout Canvas) {
        let content = body.inset(dx: 2, dy: 1)
        let lang = state.language
        canvas.text(lang.text("New coupon · {0}", sheet.performance.title), in: content.row(0), style: Theme.title)
        let busy = state.pending.contains(.createCoupon) ? lang.text("Creating the coupon…") : nil
        FormView.draw(sheet.form, busy: busy, language: lang, in: Area(x: content.x, y: content.y + 2, width: content.width,
                                                       height: content.height - 2), into: &canvas)
    }
}
