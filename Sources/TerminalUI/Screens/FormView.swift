/// An `EntryForm` drawn as label / value rows, a button, and the problems of the last attempt.
public enum FormView {
    static let labelWidth = 13

    /// Draws the form from the top of `area`; returns the row after the last one drawn.
    @discardableResult
    public static func draw(_ form: EntryForm, busy: String?, language lang: Language = .en, in area: Area,
                            into canvas: inout Canvas) -> Int {
        let valueWidth = min(40, max(10, area.width - labelWidth - 2 - 30))
        var y = area.y
        for (i, field) in form.fields.enumerated() where y < area.maxY {
            let focused = form.focus == i
            if focused { canvas.text(">", x: area.x, y: y, style: Theme.title) }
            canvas.text(lang.text(field.label, context: nil, field.labelArguments),
                        in: Area(x: area.x + 2, y: y, width: labelWidth - 1, height: 1), style: Theme.label)
            let valueX = area.x + 2 + labelWidth
            let end = value(field, focused: focused, language: lang, x: valueX, y: y, width: valueWidth, into: &canvas)
            if let note = field.note {
                let noteX = max(end, valueX + valueWidth) + 2
                canvas.text(lang.text(note, context: nil, field.noteArguments), in: Area(x: noteX, y: y, width: max(0, area.maxX - noteX), height: 1),
                            style: Theme.muted)
            }
            y += 1
        }
        y += 1
        if y < area.maxY {
            let button = "[ \(lang.text(form.submitLabel)) ]"
            let focused = form.focus == form.fields.count
            canvas.text(button, x: area.x + 2 + labelWidth, y: y, style: focused ? Theme.focus : Theme.title)
            y += 2
        }
        if let busy, y < area.maxY {
            canvas.text(busy, in: Area(x: area.x + 2, y: y, width: area.width - 2, height: 1), style: Theme.muted)
            return y + 1
        }
        for problem in form.problems where y < area.maxY {
            // The client's own problems are catalog keys; the server's pass through as sent.
            y += canvas.paragraph("! \(lang.text(problem))", in: Area(x: area.x + 2, y: y, width: area.width - 2,
                                                           height: area.maxY - y), style: Theme.error)
        }
        return y
    }

    private static func value(_ field: FormField, focused: Bool, language lang: Language, x: Int, y: Int, width: Int,
                              into canvas: inout Canvas) -> Int {
        if case .choice(let options) = field.kind {
            // Fixed choices (kinds, scopes) are catalog keys under "choice"; names pass through.
            let shown = lang.text(field.value, context: "choice")
            let text = options.count > 1 ? "‹ \(shown) ›" : shown
            return canvas.text(text, in: Area(x: x, y: y, width: width + 12, height: 1),
                               style: focused ? Theme.focus : Theme.title)
        }
        // Amounts read grouped ("180,000") whatever was typed.
        var shown = field.value
        if case .digits = field.kind, let number = Int(field.value) { shown = Money.grouped(number) }
        while DisplayWidth.of(shown) > width - 1 { shown.removeFirst() }
        canvas.fill(Area(x: x, y: y, width: width, height: 1), style: Style(underline: true))
        let end = canvas.text(shown, x: x, y: y, style: Style(bold: focused, underline: true))
        if focused { canvas.put(" ", x: end, y: y, style: Style(reverse: true)) }
        return x + width
    }
}
