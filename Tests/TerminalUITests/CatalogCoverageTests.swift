import Foundation
import Testing
@testable import TerminalUI

/// No English left inlined: the screens write words only through `lang.text(…)` (or
/// `language.text(…)`), and every key the sources hand the catalog — there, to `notify`, to form
/// fields and problems, to key bindings — has a Korean entry. A new English string in a screen
/// fails the first test; a new key without its Korean fails the second.
@Suite struct CatalogCoverageTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    static func files(_ folder: String) -> [URL] {
        let root = sources.appendingPathComponent(folder)
        let all = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL } ?? []
        return all.filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    }

    /// The files that draw screens.
    static var screenFiles: [URL] {
        files("TerminalUI").filter {
            let path = $0.path
            return path.contains("/Screens/") || path.contains("/Views/") || path.hasSuffix("TicketScreen.swift")
                || path.hasSuffix("DoorScreen.swift")
        }
    }

    /// Literals in screens that are never shown: the API's status codes the screens compare
    /// against, catalog contexts, and the demo card's magic numbers' format.
    static let notShown: Set<String> = [
        "paid", "failed", "cancelled", "pending_payment", "refund_processing", "refunded",
        "payment_declined", "hold_expired", "payment_failed", "period", "choice", "role", "theme", "sold_out",
        "expired",
        // The card gateway's failure codes an order keeps (docs/PAYMENT_SANDBOX.md).
        "REJECT_CARD_PAYMENT", "INVALID_CARD_NUMBER", "INVALID_CARD_EXPIRATION", "BELOW_MINIMUM_AMOUNT",
        "FAILED_INTERNAL_SYSTEM_PROCESSING",
        // The time zone's name as the list prints it, and the glyphs grades may take.
        "UTC%@%02d:%02d", "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        // The product's name in the header.
        "QueueTicket · {}",
    ]

    static var translated: Regex<Substring> { /(?:lang|language)\.text\(\s*$/ }

    @Test func screensInlineNoEnglish() throws {
        var inlined: [String] = []
        for file in Self.screenFiles {
            let source = try String(contentsOf: file, encoding: .utf8)
            for literal in SwiftLiterals.read(source) where literal.hasWord {
                if literal.before.firstMatch(of: Self.translated) != nil { continue }
                // Chrome looks its title up itself.
                if literal.before.firstMatch(of: /Chrome\(state: state, title:\s*$/) != nil { continue }
                if Self.notShown.contains(literal.text) { continue }
                inlined.append("\(file.lastPathComponent):\(literal.line): \"\(literal.text)\"")
            }
        }
        #expect(inlined.isEmpty, Comment(rawValue: "English inlined in screens (wrap it in lang.text and add its Korean):\n"
            + inlined.joined(separator: "\n")))
        #expect(Self.screenFiles.count >= 20, "the screens moved: \(Self.screenFiles.map(\.lastPathComponent))")
    }

    /// Where a literal is a catalog key: what the code before it ends with.
    static var keyPositions: [Regex<Substring>] { [
        /(?:lang|language)\.text\(\s*$/,
        /notify\(\s*$/,
        /FormProblem\("[^"]*",\s*$/,
        /FormField\("[^"]*",\s*$/,
        /note:\s*$/,
        /submitLabel:\s*$/,
        /Chrome\(state: state, title:\s*$/,
        /\.invalid\(\s*$/,
    ] }

    /// Every key the sources use, with its context (`period|closed`).
    static func keys() throws -> [(key: String, at: String)] {
        var found: [(String, String)] = []
        let files = Self.files("TerminalUI") + Self.files("TerminalApp")
        for file in files where !file.path.contains("/Strings/") {
            let source = try String(contentsOf: file, encoding: .utf8)
            let isKeymap = file.lastPathComponent.hasPrefix("Keymaps")
            for literal in SwiftLiterals.read(source) where literal.hasWord && !literal.hasInterpolation {
                let position = Self.keyPositions.contains { literal.before.firstMatch(of: $0) != nil }
                let binding = isKeymap && literal.before.firstMatch(of: /\.character\($/) == nil
                guard position || binding else { continue }
                var key = literal.text
                if let context = literal.after.firstMatch(of: /^\s*,\s*context:\s*"([^"]+)"/) {
                    key = "\(context.1)|\(key)"
                }
                found.append((key, "\(file.lastPathComponent):\(literal.line)"))
            }
        }
        return found
    }

    @Test func everyKeyHasItsKorean() throws {
        let keys = try Self.keys()
        #expect(keys.count > 300, "the scan found only \(keys.count) keys")
        let missing = keys.filter { Language.korean[$0.key] == nil }
        #expect(missing.isEmpty, Comment(rawValue: "no Korean for:\n"
            + missing.map { "\($0.at): \"\($0.key)\"" }.joined(separator: "\n")))
    }

    /// Statuses, choices and reasons that reach the catalog as values, not literals.
    @Test func valuesShownThroughTheCatalogHaveKorean() {
        let orderStatuses = ["pending_payment", "paid", "failed", "cancelled", "expired", "refund_processing", "refunded"]
        for status in orderStatuses {
            #expect(Language.ko.orderStatus(status) != status.replacingOccurrences(of: "_", with: " "), "\(status)")
        }
        for choice in CouponFormState.kinds + CouponFormState.scopes + [CouponFormState.allGrades] {
            #expect(Language.korean["choice|\(choice)"] != nil, "\(choice)")
        }
        for role in LoginForm.roles {
            #expect(Language.korean["role|\(role.rawValue)"] != nil, "\(role)")
        }
        for state in ["available", "held", "sold"] {
            #expect(Language.korean[state] != nil, "\(state)")
        }
        for theme in [DisplayOptions(), DisplayOptions(colour: false, highContrast: false),
                      DisplayOptions(colour: true, highContrast: true)] {
            #expect(Language.korean["theme|\(theme.name)"] != nil, "\(theme.name)")
        }
    }

    /// The check above must see an inlined string: a screen line written the old way is caught.
    @Test func theScanCatchesAnInlinedString() {
        let literals = SwiftLiterals.read("""
            canvas.text("Loading your orders…", in: row) // shown as is
            canvas.text(lang.text("Total {0}", Money.krw(total)), in: row)
            canvas.text(lang.text("Every seat " + "is sold."), in: row)
            line("\\(frame) Confirming… \\(elapsed)s")
            """)
        let inlined = literals.filter { $0.hasWord && $0.before.firstMatch(of: Self.translated) == nil }
        #expect(inlined.map(\.text) == ["Loading your orders…", "{} Confirming… {}s"])
        #expect(literals.contains { $0.text == "Every seat is sold." })
    }
}
