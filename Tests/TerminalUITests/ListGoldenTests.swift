import Foundation
import Testing
@testable import TerminalUI

@Suite struct ListGoldenTests {
    @Test(arguments: [Size.small, Size.large])
    func performances(size: Size) {
        // The arena concert is highlighted: its sale countdown shows in the table and the detail.
        var state = Fixture.list(size)
        let row = state.list.items.firstIndex { $0.id == Fixture.iu.id }!
        for _ in 0..<row { state = Fixture.reduce(state, .move(.down)) }
        Golden.check(Renderer.render(state), "performances-\(size.name)")
    }

    @Test func sellerSeesTheirShowsWhileReconnecting() {
        var state = Fixture.list(.large, as: Fixture.seller)
        state = Fixture.reduce(state, .connection(.reconnecting(attempt: 3, retryAt: Fixture.now.addingTimeInterval(4))))
        Golden.check(Renderer.render(state), "performances-seller-reconnecting-120x40")
    }

    @Test func loadingBeforeTheFirstAnswer() {
        let state = Fixture.reduce(Fixture.state(.small), .signedIn(Fixture.buyer))
        #expect(state.pending.contains(.performances))
        Golden.check(Renderer.render(state), "performances-loading-80x24")
    }

    /// Korean titles take two columns a syllable; every column after the title must still start
    /// at the same screen column on every row.
    @Test(arguments: [Size.small, Size.large])
    func columnsLineUpAfterKoreanTitles(size: Size) throws {
        let canvas = Renderer.render(Fixture.list(size))
        let area = PerformanceListScreen.tableArea(size: size)
        var starts: Set<Int> = []
        for y in (area.y + 1)..<(area.y + 1 + Fixture.catalog.count) {
            let line = canvas.line(y)
            let range = try #require(line.range(of: "2026-"))
            starts.insert(DisplayWidth.of(line[..<range.lowerBound]))
        }
        #expect(starts.count == 1, "date column starts at \(starts.sorted())")
        let korean = try #require((0..<canvas.height).first { canvas.line($0).contains("아이유 콘서트 2026") })
        #expect(canvas[area.x, korean].character == "아")
        #expect(canvas[area.x + 1, korean].isContinuation)
    }

    @Test func countdownFollowsTheInjectedClock() {
        var state = Fixture.list(.small)
        #expect(Renderer.render(state).text().contains("opens in 00:04:59"))
        state = Fixture.reduce(state, .tick(Fixture.now.addingTimeInterval(298)))
        #expect(Renderer.render(state).text().contains("opens in 00:00:01"))
        state = Fixture.reduce(state, .tick(Fixture.now.addingTimeInterval(299)))
        #expect(!Renderer.render(state).text().contains("opens in 00:00"))
    }
}
