/// The keymaps of the seller's catalog screens, the entry forms and the y/n question.
extension Keymaps {
    /// A seller looks at the map of their show: no joining, no picking.
    public static let sellerHall = Keymap(title: "Hall map · seller",
                                          bindings: hallMoves.filter { ![.toggle, .clearSelection].contains($0.intent) } + [
        KeyBinding([.character("C")], .showCoupons, "coupons of this performance", hint: "coupons"),
        KeyBinding([.escape, .character("q"), .backspace], .back, "back to your performances", hint: "back"),
    ] + global)

    public static let newVenue = Keymap(title: "New venue", bindings: [
        KeyBinding([.down, .character("j")], .move(.down), "next hall file"),
        KeyBinding([.up, .character("k")], .move(.up), "previous hall file"),
        KeyBinding([.enter], .activate, "create a venue from the highlighted hall file", hint: "create"),
        KeyBinding([.character("r")], .refresh, "read the hall files again", hint: "reload"),
        KeyBinding([.escape, .character("q")], .back, "back to your performances", hint: "back"),
    ] + global)

    /// Every entry form: printable keys type into the focused field, so help is F1 here.
    public static let form = Keymap(title: "Form", bindings: [
        KeyBinding([.enter], .activate, "send the form", hint: "create"),
        KeyBinding([.tab, .down], .nextField, "next field", hint: "next field"),
        KeyBinding([.backTab, .up], .previousField, "previous field"),
        KeyBinding([.left], .move(.left), "previous choice (venue, kind, grade…)"),
        KeyBinding([.right], .move(.right), "next choice (Space too)", hint: "choose"),
        KeyBinding([.backspace, .delete], .deleteBackward, "delete the last character"),
        KeyBinding([.escape], .back, "close the form (what you typed is dropped)", hint: "cancel"),
        KeyBinding([.function(1)], .toggleHelp, "show or hide this help", hint: "help"),
        KeyBinding([.control("c")], .quit, "quit QueueTicket"),
    ], typesText: true)

    public static let sellerCoupons = Keymap(title: "Coupons · seller", bindings: [
        KeyBinding([.down, .character("j")], .move(.down), "next coupon"),
        KeyBinding([.up, .character("k")], .move(.up), "previous coupon"),
        KeyBinding([.character("n")], .newCoupon, "new coupon for this performance", hint: "new coupon"),
        KeyBinding([.character("r")], .refresh, "reload now (counts refresh every 2 s)", hint: "refresh"),
        KeyBinding([.escape, .character("q")], .back, "back", hint: "back"),
    ] + global)

    public static let confirm = Keymap(title: "Confirm", bindings: [
        KeyBinding([.character("y"), .character("Y")], .confirm(true), "yes, do it", hint: "yes"),
        KeyBinding([.character("n"), .character("N"), .escape], .confirm(false), "no, keep it", hint: "no"),
        KeyBinding([.control("c")], .quit, "quit QueueTicket"),
    ])
}
