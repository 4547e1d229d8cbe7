import Foundation
import TicketingProtocol

/// One ticket at a time, its QR code as large as the body allows, with the seat, the status and
/// the code as text beside it (for a door that types codes in by hand).
public enum TicketScreen {
    public static func draw(_ state: AppState, into canvas: inout Canvas) {
        let body = Chrome(state: state, title: "My tickets").draw(into: &canvas)
        let tickets = state.tickets
        let lang = state.language
        guard tickets.loaded else {
            canvas.text(lang.text("Loading your tickets…"), in: body.inset(dx: 2, dy: 1).row(0), style: Theme.muted)
            return
        }
        guard let ticket = tickets.current else {
            canvas.text(lang.text("No tickets yet: a paid order gets one ticket per seat."), in: body.inset(dx: 2, dy: 1).row(0),
                        style: Theme.muted)
            return
        }
        var info = body.inset(dx: 2, dy: 1)
        if ticket.status != .revoked, let matrix = QRMatrix(ticket.code),
           let glyphs = QRDrawing.glyphs(for: matrix, in: Size(width: body.width / 2, height: body.height)) {
            let size = QRDrawing.cells(for: matrix, glyphs)
            let top = body.y + (body.height - size.height) / 2
            QRDrawing.draw(matrix, glyphs, at: (x: body.x + 1, y: top), into: &canvas)
            info = Area(x: body.x + size.width + 3, y: body.y + 1, width: body.width - size.width - 4,
                        height: body.height - 2)
        }
        drawDetails(ticket, index: tickets.selected, of: tickets.tickets.count, state: state, in: info, into: &canvas)
    }

    static func drawDetails(_ ticket: TicketDTO, index: Int, of count: Int, state: AppState, in area: Area,
                            into canvas: inout Canvas) {
        let lang = state.language
        var y = area.y
        func line(_ text: String, _ style: Style = .plain) {
            guard y < area.maxY else { return }
            canvas.text(text, in: Area(x: area.x, y: y, width: area.width, height: 1), style: style)
            y += 1
        }
        line(ticket.performanceTitle ?? ticket.performanceId, Theme.title)
        if let startsAt = ticket.startsAt { line(TimeText.dateTime(startsAt, in: state.timeZone), Theme.muted) }
        y += 1
        line(lang.text("Section {0} · Row {1} · Seat {2}", ticket.section, ticket.row, "\(ticket.number)"), .bold)
        y += 1
        let (status, style) = statusLine(ticket, state: state)
        line(status, style)
        y += 1
        line(lang.text("Code (type it in if the scanner fails):"), Theme.muted)
        for chunk in wrap(ticket.code, width: max(8, area.width)) { line(chunk, Theme.muted) }
        y += 1
        line(lang.text("Ticket {0} of {1}", "\(index + 1)", "\(count)") + (count > 1 ? lang.text(" · ↓ next") : ""), Theme.muted)
    }

    static func statusLine(_ ticket: TicketDTO, state: AppState) -> (String, Style) {
        let lang = state.language
        switch ticket.status {
        case .valid: return (lang.text("VALID · show this code at the door"), Theme.good)
        case .checkedIn:
            let text = ticket.checkedInAt.map { lang.text("CHECKED IN at {0}", TimeText.dateTime($0, in: state.timeZone)) }
            return (text ?? lang.text("CHECKED IN"), Theme.warning)
        case .revoked: return (lang.text("REVOKED · the order was refunded; this code no longer enters"), Theme.error)
        }
    }

    /// Hard wrap: a code has no spaces to break at.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(width)))
            rest = rest.dropFirst(width)
        }
        return lines
    }
}
