/// The keymap of every screen, and the one place where input events become intents.
public enum Keymaps {
    /// Keys that work on every screen. "?" is left out where it would be typed into a field;
    /// F1 opens help there instead.
    public static let global: [KeyBinding] = [
        KeyBinding([.character("?"), .function(1)], .toggleHelp, "show or hide this help", hint: "help"),
        KeyBinding([.function(2)], .toggleContrast, "high-contrast colours on or off"),
        KeyBinding([.control("c")], .quit, "quit QueueTicket"),
    ]

    public static let loginFields = Keymap(title: "Log in / sign up", bindings: [
        KeyBinding([.tab, .down], .nextField, "next field", hint: "next"),
        KeyBinding([.backTab, .up], .previousField, "previous field"),
        KeyBinding([.enter], .activate, "log in or sign up (on a field: go to the next)", hint: "submit"),
        KeyBinding([.backspace, .delete], .deleteBackward, "delete the last character"),
        KeyBinding([.function(1)], .toggleHelp, "show or hide this help", hint: "help"),
        KeyBinding([.control("c")], .quit, "quit QueueTicket", hint: "quit"),
    ], typesText: true)

    public static let loginOptions = Keymap(title: "Log in / sign up", bindings: [
        KeyBinding([.tab, .down], .nextField, "next field", hint: "next"),
        KeyBinding([.backTab, .up], .previousField, "previous field"),
        KeyBinding([.character(" "), .left, .right], .toggle, "switch log in / sign up, buyer / seller",
                   hint: "switch"),
        KeyBinding([.enter], .activate, "log in or sign up", hint: "submit"),
    ] + loginGlobal)

    public static let loginButton = Keymap(title: "Log in / sign up", bindings: [
        KeyBinding([.tab, .down], .nextField, "next field", hint: "next"),
        KeyBinding([.backTab, .up], .previousField, "previous field"),
        KeyBinding([.enter, .character(" ")], .activate, "log in or sign up", hint: "submit"),
    ] + loginGlobal)

    /// The global keys with Ctrl-C hinted: the login form has no "q" to quit with.
    private static let loginGlobal: [KeyBinding] = [
        KeyBinding([.character("?"), .function(1)], .toggleHelp, "show or hide this help", hint: "help"),
        KeyBinding([.control("c")], .quit, "quit QueueTicket", hint: "quit"),
    ]

    public static let performances = Keymap(title: "Performances", bindings: [
        KeyBinding([.down, .character("j")], .move(.down), "next performance"),
        KeyBinding([.up, .character("k")], .move(.up), "previous performance"),
        KeyBinding([.pageDown], .page(.down), "a page down"),
        KeyBinding([.pageUp], .page(.up), "a page up"),
        KeyBinding([.home, .character("g")], .rowStart, "first performance"),
        KeyBinding([.end, .character("G")], .rowEnd, "last performance"),
        KeyBinding([.enter, .right, .character("l")], .activate, "open the hall map", hint: "open"),
        KeyBinding([.character("r")], .refresh, "reload the list"),
        KeyBinding([.character("o")], .showOrders, "my orders", hint: "orders"),
        KeyBinding([.character("t")], .showTickets, "my tickets (QR codes for the door)", hint: "tickets"),
        KeyBinding([.character("L")], .logOut, "log out", hint: "log out"),
        KeyBinding([.character("q")], .quit, "quit QueueTicket", hint: "quit"),
    ] + global)

    public static let hall = Keymap(title: "Hall map", bindings: [
        KeyBinding([.enter], .activate, "join the waiting room for this performance", hint: "join"),
    ] + hallMoves + [
        KeyBinding([.character("C")], .showCoupons, "coupons for this performance"),
        KeyBinding([.escape, .character("q"), .backspace], .back, "back to the performances", hint: "back"),
    ] + global)

    /// The map of a show the buyer waits in line for (after Esc in the waiting room).
    public static let hallInLine = Keymap(title: "Hall map · in line", bindings: [
        KeyBinding([.enter], .activate, "back to the waiting room (your place is kept)", hint: "line"),
        KeyBinding([.character("x")], .leaveQueue, "leave the line", hint: "leave"),
    ] + hallMoves + [
        KeyBinding([.character("C")], .showCoupons, "coupons for this performance"),
        KeyBinding([.escape, .character("q"), .backspace], .back, "back to the performances", hint: "back"),
    ] + global)

    /// The map once admitted: the same moves, and Enter / b hold seats.
    public static let hallAdmitted = Keymap(title: "Hall map · your turn", bindings: [
        KeyBinding([.enter], .activate, "hold the picked seats", hint: "hold"),
        KeyBinding([.character("b")], .bestAvailable, "hold the best seats of the cursor's grade", hint: "best"),
    ] + hallMoves + [
        KeyBinding([.character("C")], .showCoupons, "coupons for this performance"),
        KeyBinding([.escape, .character("q"), .backspace], .back, "back to the performances", hint: "back"),
    ] + global)

    static let hallMoves: [KeyBinding] = [
        KeyBinding([.left, .character("h")], .move(.left), "seat to the left"),
        KeyBinding([.down, .character("j")], .move(.down), "row behind"),
        KeyBinding([.up, .character("k")], .move(.up), "row in front"),
        KeyBinding([.right, .character("l")], .move(.right), "seat to the right"),
        KeyBinding([.pageDown], .page(.down), "ten rows back"),
        KeyBinding([.pageUp], .page(.up), "ten rows forward"),
        KeyBinding([.home, .character("0")], .rowStart, "first seat of the row"),
        KeyBinding([.end, .character("$")], .rowEnd, "last seat of the row"),
        KeyBinding([.character(" ")], .toggle, "select or unselect the seat (or click it)",
                   hint: "select"),
        KeyBinding([.character("c")], .clearSelection, "clear the selection", hint: "clear"),
        KeyBinding([.character("r")], .refresh, "reload seat states", hint: "refresh"),
        KeyBinding([.character("z")], .zoom, "back to the section overview (large halls)"),
    ]

    public static let help = Keymap(title: "Help", bindings: [
        KeyBinding([.character("?"), .function(1), .escape, .character("q")], .toggleHelp, "close help",
                   hint: "close"),
        KeyBinding([.control("c")], .quit, "quit QueueTicket"),
    ])

    /// The keymap in force: help while it is open, else the screen's own.
    public static func active(for state: AppState) -> Keymap {
        if state.helpVisible { return help }
        return screen(for: state)
    }

    /// The screen's keymap, which the help overlay lists.
    public static func screen(for state: AppState) -> Keymap {
        switch state.route {
        case .login:
            switch state.login.focus {
            case .email, .password, .name: loginFields
            case .mode, .role: loginOptions
            case .submit: loginButton
            }
        case .performances: state.isSeller ? sellerPerformances : performances
        case .hall where state.hall?.zoomed == false: overview(for: state)
        case .hall where state.isSeller: sellerHall
        case .hall:
            if let purchase = state.purchase, purchase.performance.id == state.hall?.performance.id {
                purchase.isAdmitted ? hallAdmitted : purchase.queue == nil ? hall : hallInLine
            } else {
                hall
            }
        case .queue: queue
        case .checkout: state.purchase?.card.editing == true ? card : checkout
        case .payment: payment
        case .orders: state.orders.confirmingCancel == nil ? orders : confirm
        case .coupons where state.couponList?.form != nil: form
        case .coupons: state.isSeller ? sellerCoupons : coupons
        case .newVenue: newVenue
        case .newPerformance: form
        case .sales: sales
        case .settlements: settlements
        case .tickets: tickets
        }
    }

    public static func intent(for event: InputEvent, in state: AppState) -> Intent? {
        switch event {
        case .resize(let size): return .resized(size)
        case .mouse(.left, let x, let y): return state.helpVisible ? nil : .click(x: x, y: y)
        case .mouse(.wheelUp, _, _): return state.helpVisible ? nil : .scroll(.up)
        case .mouse(.wheelDown, _, _): return state.helpVisible ? nil : .scroll(.down)
        case .key(let key):
            if state.isTooSmall { return key == .control("c") || key == .character("q") ? .quit : nil }
            return active(for: state).intent(for: key)
        }
    }
}
