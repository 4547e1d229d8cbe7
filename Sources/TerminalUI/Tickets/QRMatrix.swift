import CQRencode

/// A QR symbol's modules, encoded by libqrencode (byte mode, level L: ticket codes are about
/// 190 bytes, which level L fits in a version 8 symbol of 49×49 modules).
public struct QRMatrix: Sendable, Equatable {
    public let size: Int
    /// Row-major, true for a dark module.
    private let modules: [Bool]

    public init?(_ text: String) {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        size = width
        // Bit 0 of each byte is the module's colour; the other bits describe what the module is.
        modules = (0..<width * width).map { code.pointee.data[$0] & 1 == 1 }
    }

    public subscript(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }
}

/// Draws a QR symbol into cells. Half blocks give square modules (a cell is about twice as tall
/// as wide): two modules a cell, top and bottom. Where the body is too short for that (a
/// version 8 symbol needs 27 rows, an 80×24 terminal has 22 below its bars), sextants from
/// Unicode's Symbols for Legacy Computing give three rows of two modules a cell, nearly square
/// too. Dark is black on white whatever the terminal's theme, as a camera expects.
public enum QRDrawing {
    public enum Glyphs: Sendable, Equatable {
        case halfBlocks
        case sextants

        var modulesAcross: Int { self == .halfBlocks ? 1 : 2 }
        var modulesDown: Int { self == .halfBlocks ? 2 : 3 }
    }

    /// Light margin around the symbol, in modules (the standard asks for 4; screens are short).
    public static let quietZone = 2
    public static let style = Style(foreground: .black, background: .white)

    /// The cells the symbol takes with its quiet zone.
    public static func cells(for matrix: QRMatrix, _ glyphs: Glyphs) -> Size {
        let modules = matrix.size + 2 * quietZone
        return Size(width: (modules + glyphs.modulesAcross - 1) / glyphs.modulesAcross,
                    height: (modules + glyphs.modulesDown - 1) / glyphs.modulesDown)
    }

    /// Half blocks when they fit in `space`, else sextants when they fit, else nil.
    public static func glyphs(for matrix: QRMatrix, in space: Size) -> Glyphs? {
        for glyphs in [Glyphs.halfBlocks, .sextants] where space.fits(cells(for: matrix, glyphs)) { return glyphs }
        return nil
    }

    public static func draw(_ matrix: QRMatrix, _ glyphs: Glyphs, at origin: (x: Int, y: Int), into canvas: inout Canvas) {
        let area = cells(for: matrix, glyphs)
        for row in 0..<area.height {
            for column in 0..<area.width {
                var bits = 0
                for dy in 0..<glyphs.modulesDown {
                    for dx in 0..<glyphs.modulesAcross {
                        let x = column * glyphs.modulesAcross + dx - quietZone
                        let y = row * glyphs.modulesDown + dy - quietZone
                        if matrix[x, y] { bits |= 1 << (dy * glyphs.modulesAcross + dx) }
                    }
                }
                let glyph = glyphs == .halfBlocks ? halfBlock(bits) : sextant(bits)
                canvas.put(glyph, x: origin.x + column, y: origin.y + row, style: style)
            }
        }
    }

    /// Bit 0 top, bit 1 bottom.
    static func halfBlock(_ bits: Int) -> Character {
        ["\u{20}", "\u{2580}", "\u{2584}", "\u{2588}"][bits]
    }

    /// Bits 0…5: top-left, top-right, middle-left, middle-right, bottom-left, bottom-right.
    /// U+1FB00… holds the 60 patterns that are not blank, full, or a left or right half.
    static func sextant(_ bits: Int) -> Character {
        switch bits {
        case 0: return " "
        case 0b111111: return "\u{2588}"
        case 0b010101: return "\u{258C}"
        case 0b101010: return "\u{2590}"
        default:
            var index = bits - 1
            if bits > 0b010101 { index -= 1 }
            if bits > 0b101010 { index -= 1 }
            return Character(Unicode.Scalar(0x1FB00 + index)!)
        }
    }

    /// The modules a drawn glyph shows, the inverse of `halfBlock`/`sextant` (for tests that
    /// rasterise a screen to decode it).
    public static func modules(of character: Character, _ glyphs: Glyphs) -> Int? {
        let table = glyphs == .halfBlocks ? (0..<4).map(halfBlock) : (0..<64).map(sextant)
        return table.firstIndex(of: character)
    }
}
