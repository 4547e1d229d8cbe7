import Testing
@testable import TerminalUI

@Suite struct CanvasTests {
    @Test func wideCharactersTakeTwoCellsAndTextStaysAligned() {
        var canvas = Canvas(width: 12, height: 2)
        let end = canvas.text("콘서트!", x: 1, y: 0)
        #expect(end == 8)
        #expect(canvas[1, 0].character == "콘" && canvas[1, 0].width == 2 && canvas[2, 0].isContinuation)
        #expect(canvas[7, 0].character == "!")
        #expect(canvas.line(0) == " 콘서트!")
        #expect(DisplayWidth.of(canvas.line(0)) == 8)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var canvas = Canvas(width: 6, height: 1)
        canvas.text("아이유", x: 0, y: 0)
        canvas.put("x", x: 3, y: 0)  // the right half of 이
        #expect(canvas.line(0) == "아 x유")
        canvas.put("y", x: 4, y: 0)  // the left half of 유
        #expect(canvas.line(0) == "아 xy")
        #expect(!canvas[5, 0].isContinuation)
    }

    @Test func aWideCharacterThatDoesNotFitIsNotHalfDrawn() {
        var canvas = Canvas(width: 5, height: 1)
        canvas.text("ab아이", x: 0, y: 0)
        #expect(canvas.line(0) == "ab아")
        #expect(canvas[4, 0].character == " " && canvas[4, 0].width == 1)
        var clipped = Canvas(width: 6, height: 1)
        clipped.text("아이유", x: 0, y: 0, clip: Area(x: 0, y: 0, width: 3, height: 1))
        #expect(clipped.line(0) == "아")
    }

    @Test func controlCharactersCannotMoveTheCursor() {
        var canvas = Canvas(width: 8, height: 1)
        canvas.text("a\u{1B}[2Jb", x: 0, y: 0)
        #expect(canvas.line(0) == "a?[2Jb")
    }

    @Test func boxesTitlesAndClipping() {
        var canvas = Canvas(width: 12, height: 4)
        canvas.box(canvas.bounds, title: "가격")
        #expect(canvas.text() == "┌─ 가격 ───┐\n│          │\n│          │\n└──────────┘")
        var clipped = Canvas(width: 6, height: 3)
        clipped.box(Area(x: 2, y: 0, width: 8, height: 3), clip: Area(x: 0, y: 0, width: 5, height: 3))
        #expect(clipped.text() == "  ┌──\n  │\n  └──")
    }

    @Test func progressBarsShowSmallValuesAndNeverOverflow() {
        #expect(Canvas.filledCells(fraction: 0, width: 10) == 0)
        #expect(Canvas.filledCells(fraction: 0.001, width: 10) == 1)
        #expect(Canvas.filledCells(fraction: 0.55, width: 10) == 5)
        #expect(Canvas.filledCells(fraction: 7, width: 10) == 10)
        #expect(Canvas.filledCells(fraction: .nan, width: 10) == 0)
        var canvas = Canvas(width: 10, height: 1)
        canvas.progressBar(canvas.bounds, fraction: 0.5)
        #expect(canvas.line(0) == "█████░░░░░")
    }

    @Test func tableColumnsAlignWithMixedScripts() {
        let table = Table(columns: [Table.Column("Title"), Table.Column("Price", width: 9, alignment: .right)],
                          rows: [Table.Row(["아이유 콘서트", "₩209,000"]), Table.Row(["Jazz", "₩95,000"])])
        var canvas = Canvas(width: 24, height: 3)
        table.draw(into: &canvas, area: canvas.bounds, selected: 1, scroll: 0)
        #expect(canvas.text() == "Title              Price\n아이유 콘서트   ₩209,000\nJazz             ₩95,000")
        #expect((0..<24).allSatisfy { canvas[$0, 2].style.reverse })
    }

    @Test func moneyAndTimes() {
        #expect(Money.krw(209_000) == "₩209,000")
        #expect(Money.krw(-180_000) == "-₩180,000")
        #expect(Money.krw(0) == "₩0")
        #expect(Money.grouped(1_402_380_000) == "1,402,380,000")
        #expect(TimeText.clock(seconds: 299) == "00:04:59")
        #expect(TimeText.clock(seconds: 2 * 86_400 + 3_600 + 5) == "2d 01:00:05")
        #expect(TimeText.clock(seconds: 2 * 86_400 + 3_600 + 5, language: .ko) == "2일 01:00:05")
        #expect(TimeText.minutes(seconds: 86_400 + 60, language: .ko) == "1일 00:01:00")
        #expect(TimeText.clock(seconds: -5) == "00:00:00")
        #expect(TimeText.duration(seconds: 300) == "5 min")
        #expect(TimeText.duration(seconds: 450) == "7 min 30 s")
        #expect(TimeText.estimate(seconds: 185) == "about 3 min")
    }
}
