import Foundation

/// The header and status bar around every screen: where you are, who you are, whether the
/// server answers, and the keys that matter here.
public struct Chrome: Sendable, Equatable {
    public var title: String
    /// "Demo Buyer · buyer", nil before login.
    public var account: String?
    public var server: String
    public var connection: ConnectionState
    public var now: Date
    public var notice: Notice?
    public var hints: String
    public var language = Language.en

    public init(title: String, account: String?, server: String, connection: ConnectionState = .online,
                now: Date, notice: Notice? = nil, hints: String) {
        self.title = title
        self.account = account
        self.server = server
        self.connection = connection
        self.now = now
        self.notice = notice
        self.hints = hints
    }

    public init(state: AppState, title: String) {
        self.init(title: state.language.text(title), account: state.session.map { "\($0.name) · \(state.language.text($0.role, context: "role"))" },
                  server: state.server, connection: state.connection, now: state.now, notice: state.notice,
                  hints: Keymaps.screen(for: state).hints(in: state.language))
        language = state.language
    }

    /// Draws both bars and returns the rows left between them for the screen's body.
    @discardableResult
    public func draw(into canvas: inout Canvas) -> Area {
        let (top, rest) = canvas.bounds.splitTop(1)
        let (body, bottom) = rest.splitBottom(1)
        let right = [account, server].compactMap { $0 }.joined(separator: " · ")
        canvas.bar(top, left: "QueueTicket · \(title)", right: right, style: Theme.header)
        drawStatus(bottom, into: &canvas)
        return body
    }

    private func drawStatus(_ row: Area, into canvas: inout Canvas) {
        canvas.fill(row, style: Theme.statusBar)
        let link = connectionText
        var linkStyle = Theme.statusBar
        if connection != .online {
            linkStyle = Style(foreground: .yellow, bold: true, reverse: true)
        }
        let linkWidth = DisplayWidth.of(link)
        canvas.text(link, in: Area(x: row.maxX - linkWidth - 1, y: row.y, width: linkWidth, height: 1),
                    style: linkStyle)
        let left = Area(x: row.x + 1, y: row.y, width: row.width - linkWidth - 4, height: 1)
        if let notice, notice.expiresAt > now {
            var style = Theme.statusBar
            style.bold = true
            if notice.isError { style.foreground = .red }
            canvas.text(notice.text, in: left, style: style)
        } else {
            canvas.text(hints, in: left, style: Theme.statusBar)
        }
    }

    public var connectionText: String {
        switch connection {
        case .online:
            return language.text("online")
        case .reconnecting(let attempt, let retryAt):
            let wait = max(0, TimeText.secondsUntil(retryAt, from: now))
            return wait > 0 ? language.text("reconnecting… retry in {0}s (attempt {1})", "\(wait)", "\(attempt)")
                : language.text("reconnecting… (attempt {0})", "\(attempt)")
        }
    }
}
