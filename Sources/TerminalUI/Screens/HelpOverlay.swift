/// The keys of the current screen in a box over it, generated from the screen's keymap.
public enum HelpOverlay {
    public static func draw(_ keymap: Keymap, language: Language = .en, into canvas: inout Canvas) {
        let lines = keymap.bindings.map { ($0.keyLabel(in: language), language.text($0.help)) }
        let keyWidth = min(24, lines.map { DisplayWidth.of($0.0) }.max() ?? 0)
        let helpWidth = lines.map { DisplayWidth.of($0.1) }.max() ?? 0
        let width = min(canvas.width - 4, keyWidth + helpWidth + 7)
        let height = min(canvas.height - 2, lines.count + 4)
        let panel = canvas.bounds.centered(width: width, height: height)
        canvas.fill(panel)
        canvas.box(panel, title: language.text("Keys · {0}", language.text(keymap.title)), style: Theme.frame)
        let inner = panel.inset(dx: 2, dy: 1)
        for (i, line) in lines.prefix(inner.height - 2).enumerated() {
            let y = inner.y + i
            canvas.text(line.0, in: Area(x: inner.x, y: y, width: keyWidth, height: 1), style: Theme.title)
            canvas.text(line.1, in: Area(x: inner.x + keyWidth + 3, y: y, width: inner.width - keyWidth - 3,
                                         height: 1))
        }
        canvas.text(language.text("? / F1 / Esc closes this help"), in: inner.row(inner.height - 1), alignment: .center,
                    style: Theme.muted)
    }
}

/// Shown instead of any screen while the terminal is below the size the screens are laid out for.
public enum TooSmallScreen {
    public static func draw(size: Size, language: Language = .en, into canvas: inout Canvas) {
        let minimum = AppState.minimumSize
        let lines: [(String, Style)] = [
            (language.text("Terminal too small"), Theme.warning),
            (language.text("Enlarge it to at least {0}×{1}; it is {2}×{3} now.", "\(minimum.width)", "\(minimum.height)",
                           "\(size.width)", "\(size.height)"), .plain),
            (language.text("Ctrl-C quits."), Theme.muted),
        ]
        let top = max(0, (canvas.height - lines.count * 2 + 1) / 2)
        for (i, line) in lines.enumerated() {
            canvas.text(line.0, in: Area(x: 0, y: top + 2 * i, width: canvas.width, height: 1), alignment: .center,
                        style: line.1)
        }
    }
}

/// Draws the whole screen for a state: the routed screen, then help over it.
public enum Renderer {
    public static func render(_ state: AppState) -> Canvas {
        var canvas = Canvas(size: state.size)
        if state.isTooSmall {
            TooSmallScreen.draw(size: state.size, language: state.language, into: &canvas)
            return canvas
        }
        switch state.route {
        case .login: LoginScreen.draw(state, into: &canvas)
        case .performances: PerformanceListScreen.draw(state, into: &canvas)
        case .hall: HallScreen.draw(state, into: &canvas)
        case .queue: PurchaseScreens.drawQueue(state, into: &canvas)
        case .checkout: PurchaseScreens.drawCheckout(state, into: &canvas)
        case .payment: PurchaseScreens.drawPayment(state, into: &canvas)
        case .orders: ListScreens.drawOrders(state, into: &canvas)
        case .coupons: ListScreens.drawCoupons(state, into: &canvas)
        case .sales: ListScreens.drawSales(state, into: &canvas)
        case .settlements: ListScreens.drawSettlements(state, into: &canvas)
        case .newVenue: CatalogScreens.drawNewVenue(state, into: &canvas)
        case .newPerformance: CatalogScreens.drawNewPerformance(state, into: &canvas)
        case .tickets: TicketScreen.draw(state, into: &canvas)
        }
        if state.helpVisible {
            HelpOverlay.draw(Keymaps.screen(for: state), language: state.language, into: &canvas)
        }
        return canvas
    }
}
