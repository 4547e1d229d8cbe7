import Foundation

/// The door: the verdict of the last scan as a band across the screen that reads from a few
/// steps away (colour, a word in spaced capitals and a glyph, so a monochrome terminal says the
/// same), the scan field, counters, and the scans before it.
public enum DoorScreen {
    public static func render(_ state: DoorState) -> Canvas {
        var canvas = Canvas(size: state.size)
        if !state.size.fits(AppState.minimumSize) {
            TooSmallScreen.draw(size: state.size, language: state.language, into: &canvas)
            return canvas
        }
        let lang = state.language
        let title = lang.text("Door · {0}", state.performanceTitle ?? state.performanceId)
        var chrome = Chrome(title: title, account: state.door, server: state.gate.map { lang.text("gate {0}", $0) } ?? state.server,
                            connection: .online, now: state.now, notice: state.notice, hints: lang.text(DoorReducer.hints))
        chrome.language = lang
        let body = chrome.draw(into: &canvas)
        let bandHeight = state.size.height >= 40 ? 11 : 7
        let (band, rest) = body.inset(dx: 1, dy: 1).splitTop(bandHeight)
        drawVerdict(state, in: band, into: &canvas)
        var y = rest.y + 1
        let field = Area(x: rest.x, y: y, width: rest.width, height: 1)
        let prompt = lang.text("Scan") + " ▸ "
        canvas.text(prompt, in: field, style: Theme.title)
        let inputArea = Area(x: field.x + DisplayWidth.of(prompt), y: y, width: field.width - DisplayWidth.of(prompt),
                             height: 1)
        canvas.fill(inputArea, style: Theme.focus)
        canvas.text(String(state.input.suffix(max(0, inputArea.width - 1))) + "▏", in: inputArea, style: Theme.focus)
        y += 2
        let counters = lang.text("In {0} / sold {1}", grouped(state.checkedIn), grouped(state.tickets))
            + (state.inFlight > 0 ? lang.text(" · checking {0}…", "\(state.inFlight)") : "")
        canvas.text(counters, in: Area(x: rest.x, y: y, width: rest.width, height: 1), style: .bold)
        y += 1
        drawMode(state, into: &canvas, row: Area(x: rest.x, y: y, width: rest.width, height: 1))
        y += 2
        canvas.text(lang.text("Recent scans"), in: Area(x: rest.x, y: y, width: rest.width, height: 1), style: Theme.muted)
        y += 1
        for scan in state.scans.dropFirst().prefix(max(0, rest.maxY - y - 1)) {
            let (word, _, style) = describe(scan.verdict, state)
            let line = "\(TimeText.timeOfDay(scan.at, in: state.timeZone))  \(word)  \(scan.seat ?? "")"
                + (scan.offline ? "  " + lang.text("(offline)") : "")
            canvas.text(line, in: Area(x: rest.x, y: y, width: rest.width, height: 1), style: style)
            y += 1
        }
        return canvas
    }

    static func drawMode(_ state: DoorState, into canvas: inout Canvas, row: Area) {
        let lang = state.language
        let text: String
        let style: Style
        switch state.mode {
        case .online:
            text = lang.text("ONLINE · scans are checked with the server")
            style = Theme.good
        case .offline(let forced):
            let list = state.listDownloadedAt.map { lang.text(" · list {0}", TimeText.timeOfDay($0, in: state.timeZone)) } ?? ""
            text = (forced ? lang.text("OFFLINE · {0} to upload", "\(state.pendingUploads)")
                : lang.text("OFFLINE (server lost) · {0} to upload", "\(state.pendingUploads)")) + list
            style = Theme.warning
        }
        canvas.text(text, in: row, style: style)
    }

    static func drawVerdict(_ state: DoorState, in band: Area, into canvas: inout Canvas) {
        guard let scan = state.last else {
            canvas.box(band, style: Theme.frame)
            canvas.text(state.language.text("Ready — scan a ticket"), in: band.row(band.height / 2), alignment: .center, style: Theme.title)
            return
        }
        let (word, detail, style) = describe(scan.verdict, state)
        var fill = style
        fill.reverse = true
        canvas.fill(band, style: fill)
        // Spaced capitals read from afar; Hangul is wide enough as it is.
        let spaced = word.unicodeScalars.allSatisfy { $0.isASCII || $0 == "✔" || $0 == "✖" }
            ? word.map(String.init).joined(separator: " ") : word
        canvas.text(spaced, in: band.row(band.height / 2 - 1), alignment: .center, style: fill)
        var lines = [scan.seat, detail].compactMap { $0 }
        if scan.offline { lines.append(state.language.text("decided offline · uploads when the server is back")) }
        for (offset, line) in lines.enumerated() {
            canvas.text(line, in: band.row(band.height / 2 + 1 + offset), alignment: .center, style: fill)
        }
    }

    /// The verdict's word with its glyph, a detail line, and its style.
    static func describe(_ verdict: DoorState.Verdict, _ state: DoorState) -> (String, String?, Style) {
        let lang = state.language
        switch verdict {
        case .admit:
            return ("✔ " + lang.text("ADMIT"), nil, Style(foreground: .green, bold: true))
        case .alreadyIn(let at, let gate):
            let when = TimeText.timeOfDay(at, in: state.timeZone)
            return ("✖ " + lang.text("ALREADY IN"),
                    gate.map { lang.text("entered {0} at gate {1}", when, $0) } ?? lang.text("entered {0}", when),
                    Style(foreground: .yellow, bold: true))
        case .revoked:
            return ("✖ " + lang.text("REVOKED"), lang.text("refunded ticket: do not admit"), Style(foreground: .red, bold: true))
        case .invalid(let why):
            return ("✖ " + lang.text("INVALID"), lang.text(why), Style(foreground: .red, bold: true))
        }
    }

    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
