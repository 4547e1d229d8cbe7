extension Keymaps {
    public static let tickets = Keymap(title: "My tickets", bindings: [
        KeyBinding([.down, .right, .character("j")], .move(.down), "next ticket", hint: "next"),
        KeyBinding([.up, .left, .character("k")], .move(.up), "previous ticket"),
        KeyBinding([.character("o")], .showOrders, "my orders", hint: "orders"),
        KeyBinding([.character("r")], .refresh, "reload (see a check-in or a refund)", hint: "refresh"),
        KeyBinding([.escape, .character("q")], .back, "back", hint: "back"),
    ] + global)
}
