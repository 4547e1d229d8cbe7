/// The keys of the hall overview, where sections are picked before seats.
extension Keymaps {
    static let overviewMoves: [KeyBinding] = [
        KeyBinding([.left, .character("h")], .move(.left), "section to the left"),
        KeyBinding([.down, .character("j")], .move(.down), "section behind"),
        KeyBinding([.up, .character("k")], .move(.up), "section in front"),
        KeyBinding([.right, .character("l")], .move(.right), "section to the right"),
        KeyBinding([.enter, .character(" "), .character("z")], .activate,
                   "zoom into the section's seats (or click it twice)", hint: "zoom"),
        KeyBinding([.character("r")], .refresh, "reload seat states", hint: "refresh"),
    ]

    /// `b` joins the line for the picked section: admission then holds its best seats at once.
    public static let hallOverview = Keymap(title: "Hall overview", bindings: [
        KeyBinding([.character("b")], .bestAvailable,
                   "join the line; your turn holds the best seats of the picked section", hint: "best"),
    ] + overviewMoves + [
        KeyBinding([.character("C")], .showCoupons, "coupons for this performance"),
        KeyBinding([.escape, .character("q"), .backspace], .back, "back to the performances", hint: "back"),
    ] + global)

    /// Once admitted: `b` holds the best seats of the picked section without zooming in.
    public static let hallOverviewAdmitted = Keymap(title: "Hall overview · your turn", bindings: [
        KeyBinding([.character("b")], .bestAvailable, "hold the best seats in the picked section", hint: "best"),
    ] + overviewMoves + [
        KeyBinding([.character("C")], .showCoupons, "coupons for this performance"),
        KeyBinding([.escape, .character("q"), .backspace], .back, "back to the performances", hint: "back"),
    ] + global)

    public static let sellerOverview = Keymap(title: "Hall overview · seller", bindings: overviewMoves + [
        KeyBinding([.character("C")], .showCoupons, "coupons of this performance", hint: "coupons"),
        KeyBinding([.escape, .character("q"), .backspace], .back, "back to your performances", hint: "back"),
    ] + global)

    static func overview(for state: AppState) -> Keymap {
        if state.isSeller { return sellerOverview }
        let admitted = state.purchase.map { $0.performance.id == state.hall?.performance.id && $0.isAdmitted } ?? false
        return admitted ? hallOverviewAdmitted : hallOverview
    }
}
