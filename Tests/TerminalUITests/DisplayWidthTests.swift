import CNCurses  // the C library's wcwidth, which curses itself relies on
import Foundation
import Testing
@testable import TerminalUI

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("A", 1), ("아", 2), ("漢", 2), ("カ", 2), ("Ａ", 2), ("〈", 2), ("—", 1), ("…", 1), ("─", 1),
        ("é", 1), ("e\u{301}", 1), ("\u{1100}\u{1161}\u{11A8}", 2), ("🎫", 2), ("₩", 1),
    ])
    func characterWidths(text: String, width: Int) {
        #expect(DisplayWidth.of(Character(text)) == width)
    }

    @Test func combiningMarksAndFormatCharactersTakeNoColumns() {
        #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x200D)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x1161)!) == 0)
    }

    @Test func koreanTitleIsCountedPerSyllable() {
        // 6 syllables of two columns, 2 spaces, 4 digits.
        #expect(DisplayWidth.of("아이유 콘서트 2026") == 6 * 2 + 2 + 4)
        #expect(DisplayWidth.of("연극 〈햄릿〉") == 2 * 2 + 1 + 4 * 2)
    }

    @Test func truncationNeverSplitsAWideCharacter() {
        #expect(DisplayWidth.truncate("아이유 콘서트", to: 6) == "아이…")
        #expect(DisplayWidth.truncate("아이유 콘서트", to: 5) == "아이…")
        #expect(DisplayWidth.prefix("아이유", fitting: 3) == "아")
        #expect(DisplayWidth.pad("아이", to: 6) == "아이  ")
        #expect(DisplayWidth.pad("아이", to: 6, alignment: .right) == "  아이")
    }

    /// The terminal decides where characters land by the C library's wcwidth; a disagreement
    /// would shift everything right of a Korean title by a column.
    @Test func agreesWithTheCLibraryInAUTF8Locale() throws {
        try #require(setlocale(LC_CTYPE, "C.UTF-8") != nil)
        let ranges: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0xA0...0x2FF, 0x300...0x36F, 0x1100...0x11FF, 0x2500...0x257F, 0x2580...0x259F,
            0x3000...0x303E, 0x3041...0x30FF, 0x3131...0x318E, 0x4E00...0x4FFF, 0xAC00...0xD7A3,
            0xFF01...0xFF60, 0xFFE0...0xFFE6,
        ]
        var disagreements: [String] = []
        var compared = 0
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .unassigned else {
                    continue
                }
                let libc = Int(qt_wcwidth(wchar_t(bitPattern: value)))
                guard libc >= 0 else { continue }
                compared += 1
                if libc != DisplayWidth.of(scalar) {
                    disagreements.append(String(format: "U+%04X libc %d ours %d", value, libc, DisplayWidth.of(scalar)))
                }
            }
        }
        // A C library that knows no widths (a non-UTF-8 locale) would make this vacuous.
        #expect(compared > 10_000)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }
}
