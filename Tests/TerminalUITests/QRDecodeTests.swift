import Foundation
import Testing
@testable import TerminalUI

/// The QR code as drawn on screen decodes: cells are rasterised at a terminal's 1:2 aspect
/// (12×24 pixels a cell, each glyph's blocks filled exactly) into a PGM and read by zbar's
/// `zbarimg` (Debian `zbar-tools`), a decoder that shares nothing with the encoder.
@Suite struct QRDecodeTests {
    static let cellWidth = 12
    static let cellHeight = 24

    @Test(arguments: [Size.small, Size.large])
    func theTicketScreensQRDecodesToTheCode(size: Size) throws {
        let canvas = Renderer.render(TicketFixtures.state(size))
        #expect(try Self.decode(canvas) == [TicketFixtures.codes[0]])
    }

    /// Control: the same screen with one module column flipped must not decode to the code.
    @Test func aDamagedDrawingDoesNotDecode() throws {
        var canvas = Renderer.render(TicketFixtures.state(.large))
        for y in 0..<canvas.height {
            for x in 10..<22 where canvas[x, y].style == QRDrawing.style {
                canvas.put(canvas[x, y].character == "█" ? " " : "█", x: x, y: y, style: QRDrawing.style)
            }
        }
        #expect(try Self.decode(canvas) != [TicketFixtures.codes[0]])
    }

    static func decode(_ canvas: Canvas) throws -> [String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qticket-qr-\(UUID().uuidString).pgm")
        defer { try? FileManager.default.removeItem(at: file) }
        try rasterise(canvas).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// White page; QR cells painted block by block (half blocks: 1×2, sextants: 2×3 per cell).
    static func rasterise(_ canvas: Canvas) -> Data {
        let width = canvas.width * cellWidth
        let height = canvas.height * cellHeight
        var pixels = [UInt8](repeating: 255, count: width * height)
        for y in 0..<canvas.height {
            for x in 0..<canvas.width where canvas[x, y].style == QRDrawing.style {
                let character = canvas[x, y].character
                let (glyphs, across, down): (QRDrawing.Glyphs, Int, Int) =
                    QRDrawing.modules(of: character, .halfBlocks) != nil ? (.halfBlocks, 1, 2) : (.sextants, 2, 3)
                guard let bits = QRDrawing.modules(of: character, glyphs) else { continue }
                for dy in 0..<down {
                    for dx in 0..<across where bits & (1 << (dy * across + dx)) != 0 {
                        let px0 = x * cellWidth + dx * cellWidth / across
                        let py0 = y * cellHeight + dy * cellHeight / down
                        for py in py0..<(py0 + cellHeight / down) {
                            for px in px0..<(px0 + cellWidth / across) { pixels[py * width + px] = 0 }
                        }
                    }
                }
            }
        }
        return Data("P5\n\(width) \(height)\n255\n".utf8) + Data(pixels)
    }
}
