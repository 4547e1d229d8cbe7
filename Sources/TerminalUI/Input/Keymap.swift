/// One line of a keymap: the keys, what they do, and how help and the status bar name it.
public struct KeyBinding: Sendable, Equatable {
    public var keys: [Key]
    public var intent: Intent
    public var help: String
    /// A short label for the status bar; bindings without one appear only in the help overlay.
    public var hint: String?

    public init(_ keys: [Key], _ intent: Intent, _ help: String, hint: String? = nil) {
        self.keys = keys
        self.intent = intent
        self.help = help
        self.hint = hint
    }

    public var keyLabel: String { keys.map(\.label).joined(separator: " / ") }
}

/// A screen's keys as data: help and status bar hints are generated from the same table the
/// input is resolved with, so they cannot drift apart.
public struct Keymap: Sendable, Equatable {
    public var title: String
    public var bindings: [KeyBinding]
    /// Printable characters are typed into the focused field instead of being looked up.
    public var typesText: Bool

    public init(title: String, bindings: [KeyBinding], typesText: Bool = false) {
        self.title = title
        self.bindings = bindings
        self.typesText = typesText
    }

    public func intent(for key: Key) -> Intent? {
        if typesText, case .character(let c) = key { return .type(c) }
        return bindings.first { $0.keys.contains(key) }?.intent
    }

    /// "Enter open · r refresh · ? help": the hinted bindings, in table order.
    public var hints: String {
        bindings.compactMap { binding in
            binding.hint.map { "\(binding.keys[0].label) \($0)" }
        }.joined(separator: " · ")
    }

    public static func + (lhs: Keymap, rhs: [KeyBinding]) -> Keymap {
        Keymap(title: lhs.title, bindings: lhs.bindings + rhs, typesText: lhs.typesText)
    }
}
