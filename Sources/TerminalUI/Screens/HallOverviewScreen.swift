import TicketingProtocol

/// The hall screen before zooming in: the overview map, a key to its shading and the picked
/// section's free seats per grade.
enum HallOverviewScreen {
    static func draw(_ hall: HallState, state: AppState, venue: VenueDTO, palette: GradePalette,
                     layout: HallLayout, into canvas: inout Canvas) {
        let sections = Reducer.hallSections(hall)
        let lang = state.language
        canvas.box(layout.mapBox, title: lang.text("{0} · overview", venue.name), style: Theme.frame)
        let note = lang.text(" {0} sections · Enter zooms in ", "\(sections.count)")
        let w = DisplayWidth.of(note)
        if w + 4 < layout.mapBox.width {
            canvas.text(note, x: layout.mapBox.maxX - w - 2, y: layout.mapBox.maxY - 1, style: Theme.muted)
        }
        HallOverviewView.draw(hall, sections: sections, layout: venue.layout, palette: palette,
                              viewport: layout.viewport, language: lang, into: &canvas)
        let picked = sections.first { $0.name == hall.section }
        if let side = layout.side {
            drawPanel(sections, picked: picked, palette: palette, language: lang, area: side, into: &canvas)
        } else if let legend = layout.legend {
            drawRows(palette: palette, language: lang, area: legend, into: &canvas)
        }
        drawInfo(picked, palette: palette, language: lang, area: layout.info, into: &canvas)
    }

    /// "█ ▓ ▒ ░ · free: all → none", the key to the shading.
    static func shadeSpans(_ language: Language) -> [Span] {
        [Span(HallOverviewView.shades.map(String.init).joined(separator: " ") + " \(HallOverviewView.soldOutShade)",
              Theme.title), Span(language.text(" free: most → none"))]
    }

    private static func gradeSpans(_ palette: GradePalette) -> [Span] {
        var spans: [Span] = []
        for entry in palette.entries {
            if !spans.isEmpty { spans.append(Span("  ")) }
            spans.append(Span("█", Style(foreground: entry.color, bold: true)))
            spans.append(Span(" \(entry.grade) \(Money.krw(entry.price))"))
        }
        return spans
    }

    private static func drawRows(palette: GradePalette, language: Language, area: Area, into canvas: inout Canvas) {
        canvas.spans(gradeSpans(palette), x: area.x, y: area.y, clip: area)
        canvas.spans(shadeSpans(language), x: area.x, y: area.y + 1, clip: area)
    }

    /// The wide panel: the key, then every section with its free seats, the picked one marked.
    private static func drawPanel(_ sections: [HallSection], picked: HallSection?, palette: GradePalette,
                                  language: Language, area: Area, into canvas: inout Canvas) {
        let (keyBox, rest) = area.splitTop(palette.entries.count + 4)
        canvas.box(keyBox, title: language.text("Legend"), style: Theme.frame)
        let inner = keyBox.inset(dx: 2, dy: 1)
        for (i, entry) in palette.entries.enumerated() {
            let row = inner.row(i)
            canvas.text("█", x: row.x, y: row.y, style: Style(foreground: entry.color, bold: true))
            canvas.text(entry.grade, in: Area(x: row.x + 2, y: row.y, width: 6, height: 1))
            canvas.text(Money.krw(entry.price), in: Area(x: row.x + 8, y: row.y, width: 9, height: 1),
                        alignment: .right)
            let free = sections.reduce(0) { sum, s in sum + (s.grades.first { $0.grade == entry.grade }?.available ?? 0) }
            canvas.text(language.text("{0} free", Money.grouped(free)), in: Area(x: row.x + 18, y: row.y, width: row.width - 18, height: 1),
                        alignment: .right, style: Theme.muted)
        }
        canvas.spans(shadeSpans(language), x: inner.x, y: inner.y + palette.entries.count + 1, clip: inner)

        canvas.box(rest, title: language.text("Sections"), style: Theme.frame)
        let list = rest.inset(dx: 2, dy: 1)
        guard list.height > 0 else { return }
        let at = sections.firstIndex { $0.name == picked?.name } ?? 0
        let first = min(max(0, at - list.height / 2), max(0, sections.count - list.height))
        for (i, section) in sections.dropFirst(first).prefix(list.height).enumerated() {
            let row = list.row(i)
            let isPicked = section.name == picked?.name
            let style = isPicked ? Theme.focus : Style.plain
            if isPicked { canvas.fill(row, style: style) }
            canvas.text(section.name, in: Area(x: row.x, y: row.y, width: 9, height: 1), style: style)
            let grades = section.grades.map(\.grade).joined(separator: " ")
            canvas.text(grades, in: Area(x: row.x + 10, y: row.y, width: max(0, row.width - 24), height: 1),
                        style: isPicked ? style : Theme.muted)
            canvas.text("\(Money.grouped(section.available))/\(Money.grouped(section.total))",
                        in: Area(x: row.maxX - 13, y: row.y, width: 13, height: 1), alignment: .right, style: style)
        }
    }

    /// "FLOOR_B · VIP 120/144 free · R 20/40 free" for the picked section.
    private static func drawInfo(_ section: HallSection?, palette: GradePalette, language: Language, area: Area,
                                 into canvas: inout Canvas) {
        guard let section else {
            canvas.text(language.text("This hall has no seats."), in: area, style: Theme.muted)
            return
        }
        var spans = [Span(section.name, Theme.title)]
        for grade in section.grades {
            let color = palette.entry(for: grade.grade)?.color ?? .default
            spans.append(Span(" · "))
            spans.append(Span(grade.grade, Style(foreground: color, bold: true)))
            spans.append(Span(" " + language.text("{0}/{1} free", Money.grouped(grade.available), Money.grouped(grade.total)),
                              grade.available == 0 ? Theme.muted : .plain))
        }
        canvas.spans(spans, x: area.x, y: area.y, clip: area)
    }
}
