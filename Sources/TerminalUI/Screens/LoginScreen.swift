/// The first screen: log in, or sign up as a buyer or a seller.
public enum LoginScreen {
    static let panelWidth = 62

    /// Where the panel and each field row go; the reducer hit-tests clicks with the same layout.
    public struct Layout: Sendable, Equatable {
        public var panel: Area
        public var rows: [(field: LoginForm.Field, y: Int)]
        public var messageY: Int

        public static func == (lhs: Layout, rhs: Layout) -> Bool {
            lhs.panel == rhs.panel && lhs.messageY == rhs.messageY
                && lhs.rows.map(\.field) == rhs.rows.map(\.field) && lhs.rows.map(\.y) == rhs.rows.map(\.y)
        }
    }

    public static func layout(_ form: LoginForm, size: Size) -> Layout {
        let body = Area(x: 0, y: 1, width: size.width, height: size.height - 2)
        // Mode row, a gap, the inputs, a gap, the button, a gap, the message, with a row of
        // padding inside the frame above and below.
        let inputs = form.fields.count - 2
        let panel = body.centered(width: panelWidth, height: inputs + 10)
        var rows: [(LoginForm.Field, Int)] = []
        var y = panel.y + 2
        for field in form.fields {
            if field == .submit { y += 1 }
            rows.append((field, y))
            y += field == .mode ? 2 : 1
        }
        return Layout(panel: panel, rows: rows, messageY: y + 1)
    }

    public static func draw(_ state: AppState, into canvas: inout Canvas) {
        var chrome = Chrome(state: state, title: "Log in")
        if state.login.mode == .signup { chrome.title = state.language.text("Sign up") }
        let body = chrome.draw(into: &canvas)
        let form = state.login
        let lang = state.language
        let layout = layout(form, size: canvas.size)
        let panel = layout.panel
        canvas.box(panel, title: lang.text("Welcome to QueueTicket"), style: Theme.frame)
        let inner = panel.inset(dx: 2, dy: 1)
        for (field, y) in layout.rows {
            drawField(field, form: form, language: lang, x: inner.x, y: y, width: inner.width, into: &canvas)
        }
        let messageRow = Area(x: inner.x + 2, y: layout.messageY, width: inner.width - 2, height: 1)
        if state.pending.contains(.auth) {
            canvas.text(form.mode == .login ? lang.text("Logging in…") : lang.text("Creating your account…"), in: messageRow,
                        style: Theme.muted)
        } else if let error = form.error {
            canvas.text(lang.text(error), in: messageRow, style: Theme.error)
        }
        let below = Area(x: panel.x + 1, y: panel.maxY, width: panel.width - 2, height: body.maxY - panel.maxY)
        canvas.text(lang.text("Server {0}", state.server), in: below.row(0), style: Theme.muted)
        if let hint = state.loginHint {
            // A line wider than the panel (the demo's log path) takes the width it needs, moving
            // left as far as the screen's edge, so it reads and copies whole.
            let longest = hint.split(separator: "\n").map { DisplayWidth.of($0) }.max() ?? 0
            let width = min(body.width - 2, max(below.width, longest))
            let x = max(body.x + 1, min(below.x, body.maxX - 1 - width))
            canvas.paragraph(hint, in: Area(x: x, y: below.y + 1, width: width, height: below.height - 1),
                             style: Theme.muted)
        }
    }

    private static func drawField(_ field: LoginForm.Field, form: LoginForm, language lang: Language, x: Int, y: Int, width: Int,
                                  into canvas: inout Canvas) {
        let focused = form.focus == field
        if focused { canvas.text(">", x: x, y: y, style: Theme.title) }
        let labelX = x + 2
        let valueX = labelX + 11
        let valueWidth = width - 13
        switch field {
        case .mode:
            options([(lang.text("Log in"), form.mode == .login), (lang.text("Sign up"), form.mode == .signup)], x: labelX, y: y,
                    focused: focused, into: &canvas)
        case .email:
            label(lang.text("Email"), x: labelX, y: y, into: &canvas)
            input(form.email, x: valueX, y: y, width: valueWidth, focused: focused, into: &canvas)
        case .password:
            label(lang.text("Password"), x: labelX, y: y, into: &canvas)
            input(String(repeating: "*", count: form.password.count), x: valueX, y: y, width: valueWidth,
                  focused: focused, into: &canvas)
        case .name:
            label(lang.text("Name"), x: labelX, y: y, into: &canvas)
            input(form.name, x: valueX, y: y, width: valueWidth, focused: focused, into: &canvas)
        case .role:
            label(lang.text("Role"), x: labelX, y: y, into: &canvas)
            let choices = LoginForm.roles.map { ("\(form.role == $0 ? "(x)" : "( )") \(lang.text($0.rawValue, context: "role"))", false) }
            var column = valueX
            for (text, _) in choices {
                column = canvas.text(text, x: column, y: y, style: focused ? Theme.title : .plain) + 3
            }
        case .submit:
            let text = "[ \(form.mode == .login ? lang.text("Log in") : lang.text("Create account")) ]"
            let w = DisplayWidth.of(text)
            canvas.text(text, x: x + (width - w) / 2, y: y, style: focused ? Theme.focus : Theme.title)
        }
    }

    private static func label(_ text: String, x: Int, y: Int, into canvas: inout Canvas) {
        canvas.text(text, x: x, y: y, style: Theme.label)
    }

    /// A one-line text field: the end of the value when it is longer than the field, an
    /// underline to show where typing goes and a block cursor when focused.
    private static func input(_ value: String, x: Int, y: Int, width: Int, focused: Bool,
                              into canvas: inout Canvas) {
        let room = width - 1
        var shown = value
        while DisplayWidth.of(shown) > room { shown.removeFirst() }
        canvas.fill(Area(x: x, y: y, width: width, height: 1), style: Style(underline: true))
        let end = canvas.text(shown, x: x, y: y, style: Style(bold: focused, underline: true))
        if focused { canvas.put(" ", x: end, y: y, style: Style(reverse: true)) }
    }

    private static func options(_ choices: [(String, Bool)], x: Int, y: Int, focused: Bool,
                                into canvas: inout Canvas) {
        var column = x
        for (text, chosen) in choices {
            let shown = chosen ? "[ \(text) ]" : "  \(text)  "
            let style = chosen ? (focused ? Theme.focus : Theme.title) : Theme.muted
            column = canvas.text(shown, x: column, y: y, style: style) + 2
        }
    }
}
