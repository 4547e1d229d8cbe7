/// The language screens speak: English, or Korean from `LANG`/`LC_ALL` (`ko_KR.UTF-8`) or
/// `--lang ko`. Screens write their English text and pass it through `Language.text`, which looks
/// it up in the language's catalog (`Strings/Catalog+Korean.swift`); text missing there stays
/// English, so a screen not yet translated is never blank.
public enum Language: String, Sendable, Equatable, CaseIterable {
    case en, ko

    /// `--lang` wins; then `LC_ALL`, then `LANG`, as the C library orders them.
    public static func from(environment: [String: String], flag: String?) -> Language {
        if let flag, let chosen = Language(rawValue: flag.lowercased()) { return chosen }
        let locale = [environment["LC_ALL"], environment["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        return locale.lowercased().hasPrefix("ko") ? .ko : .en
    }

    /// `english` in this language; `{0}`, `{1}`… in it are replaced by `arguments` in order.
    public func text(_ english: String, _ arguments: String...) -> String {
        text(english, context: nil, arguments)
    }

    /// The same where one English word means two things ("closed" sale, "closed" period): the
    /// catalog keys it as `context|english`.
    public func text(_ english: String, context: String?, _ arguments: [String] = []) -> String {
        let key = context.map { "\($0)|\(english)" } ?? english
        var out = self == .en ? english : (Self.catalogs[self]?[key] ?? english)
        for (i, argument) in arguments.enumerated() {
            out = out.replacingOccurrences(of: "{\(i)}", with: argument)
        }
        return out
    }

    /// An order's status ("refund_processing") in words: "refund processing", 환불 처리 중.
    public func orderStatus(_ status: String) -> String {
        text(status.replacingOccurrences(of: "_", with: " "), context: "order")
    }

    static let catalogs: [Language: [String: String]] = [.ko: korean]
}

extension Keymap {
    /// The status bar's key hints in `language`.
    public func hints(in language: Language) -> String {
        bindings.compactMap { binding in
            binding.hint.map { "\(binding.keys[0].label(in: language)) \(language.text($0))" }
        }.joined(separator: " · ")
    }
}

extension Key {
    /// How help and hints name the key in `language`: key caps (Enter, Esc, Tab, Space…) as
    /// printed on Korean keyboards too; the arrow keys, printed as arrows there, as arrows in
    /// Korean rather than the English words.
    public func label(in language: Language) -> String {
        guard language == .ko else { return label }
        switch self {
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        default: return label
        }
    }
}

extension KeyBinding {
    /// "↑ / k" in Korean, "Up / k" in English.
    public func keyLabel(in language: Language) -> String {
        keys.map { $0.label(in: language) }.joined(separator: " / ")
    }
}

extension SalePhase {
    /// "opens in 00:04:59", "on sale", "closed" in `language`.
    public func text(in language: Language) -> String {
        switch self {
        case .opensIn(let seconds): language.text("opens in {0}", TimeText.clock(seconds: seconds, language: language))
        case .onSale: language.text("on sale")
        case .closed: language.text("closed")
        }
    }
}
