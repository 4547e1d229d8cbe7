/// The keymaps of the purchase and the seller's screens.
extension Keymaps {
    /// Eighty columns hold only so many hints: the catalog's own keys get them, the rest are in help.
    public static let sellerPerformances = Keymap(title: "Your performances", bindings: [
        KeyBinding([.down, .character("j")], .move(.down), "next performance"),
        KeyBinding([.up, .character("k")], .move(.up), "previous performance"),
        KeyBinding([.enter, .right, .character("l")], .activate, "open the hall map"),
        KeyBinding([.character("s")], .showSales, "sales of this performance", hint: "sales"),
        KeyBinding([.character("t")], .showSettlements, "settlement periods", hint: "settlement"),
        KeyBinding([.character("c")], .showCoupons, "coupons of this performance (create, live counts)",
                   hint: "coupons"),
        KeyBinding([.character("v")], .newVenue, "new venue from a hall file", hint: "venue"),
        KeyBinding([.character("n")], .newPerformance, "new performance in one of your venues", hint: "show"),
        KeyBinding([.character("r")], .refresh, "reload the list"),
        KeyBinding([.character("L")], .logOut, "log out"),
        KeyBinding([.character("q")], .quit, "quit QueueTicket"),
    ] + global)

    public static let queue = Keymap(title: "Waiting room", bindings: [
        KeyBinding([.enter], .activate, "pick seats once it is your turn"),
        KeyBinding([.character("r")], .refresh, "ask for the place now", hint: "refresh"),
        KeyBinding([.character("x")], .leaveQueue, "leave the line (everyone behind moves up)", hint: "leave"),
        KeyBinding([.escape, .character("q")], .back, "back to the map (the place is kept)", hint: "back"),
    ] + global)

    public static let checkout = Keymap(title: "Checkout", bindings: [
        KeyBinding([.character("p"), .enter], .startPayment, "pay: enter the card", hint: "pay"),
        KeyBinding([.down, .character("j")], .move(.down), "next coupon"),
        KeyBinding([.up, .character("k")], .move(.up), "previous coupon"),
        KeyBinding([.character("c"), .character(" ")], .toggleCoupon, "use or drop the coupon under the cursor",
                   hint: "coupon"),
        KeyBinding([.character("r")], .refresh, "quote again", hint: "requote"),
        KeyBinding([.character("x")], .releaseHold, "release the hold: the seats go back on sale", hint: "release"),
        KeyBinding([.escape, .character("q")], .back, "back to the map (the hold stays)", hint: "back"),
    ] + global)

    public static let card = Keymap(title: "Card", bindings: [
        KeyBinding([.enter], .activate, "pay with this card", hint: "pay"),
        KeyBinding([.tab, .backTab, .down, .up], .nextField, "number / expiry", hint: "next field"),
        KeyBinding([.backspace, .delete], .deleteBackward, "delete the last character"),
        KeyBinding([.escape], .back, "close the card form", hint: "cancel"),
        KeyBinding([.function(1)], .toggleHelp, "show or hide this help", hint: "help"),
        KeyBinding([.control("c")], .quit, "quit QueueTicket"),
    ], typesText: true)

    public static let payment = Keymap(title: "Payment", bindings: [
        KeyBinding([.enter], .activate, "paid: my tickets · failed: try another card", hint: "continue"),
        KeyBinding([.character("t")], .showTickets, "my tickets (QR codes for the door)", hint: "tickets"),
        KeyBinding([.character("o")], .showOrders, "my orders", hint: "orders"),
        KeyBinding([.character("r")], .refresh, "ask for the status now"),
        KeyBinding([.escape, .character("q")], .back, "back"),
    ] + global)

    public static let orders = Keymap(title: "My orders", bindings: [
        KeyBinding([.down, .character("j")], .move(.down), "next order"),
        KeyBinding([.up, .character("k")], .move(.up), "previous order"),
        KeyBinding([.character("t"), .enter], .showTickets, "the order's tickets (QR codes for the door)",
                   hint: "tickets"),
        KeyBinding([.character("x")], .cancelOrder, "cancel the order (a paid one is refunded), asks first",
                   hint: "cancel/refund"),
        KeyBinding([.character("r")], .refresh, "reload", hint: "refresh"),
        KeyBinding([.escape, .character("q")], .back, "back to the performances", hint: "back"),
    ] + global)

    public static let coupons = Keymap(title: "Coupons", bindings: [
        KeyBinding([.down, .character("j")], .move(.down), "next coupon"),
        KeyBinding([.up, .character("k")], .move(.up), "previous coupon"),
        KeyBinding([.enter], .activate, "claim the coupon", hint: "claim"),
        KeyBinding([.character("r")], .refresh, "reload", hint: "refresh"),
        KeyBinding([.escape, .character("q")], .back, "back to the map", hint: "back"),
    ] + global)

    public static let sales = Keymap(title: "Sales", bindings: [
        KeyBinding([.character("r")], .refresh, "reload", hint: "refresh"),
        KeyBinding([.escape, .character("q")], .back, "back to your performances", hint: "back"),
    ] + global)

    public static let settlements = Keymap(title: "Settlement", bindings: [
        KeyBinding([.down, .character("j")], .move(.down), "next period"),
        KeyBinding([.up, .character("k")], .move(.up), "previous period"),
        KeyBinding([.character("e")], .exportStatement, "save the period's statement as CSV here",
                   hint: "export CSV"),
        KeyBinding([.character("r")], .refresh, "reload", hint: "refresh"),
        KeyBinding([.escape, .character("q")], .back, "back to your performances", hint: "back"),
    ] + global)
}
