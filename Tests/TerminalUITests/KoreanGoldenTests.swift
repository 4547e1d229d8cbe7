import Foundation
import Testing
@testable import TerminalUI

/// The screens converted to the string catalogs, in Korean at both sizes: double-width Hangul
/// must keep boxes closed and columns aligned.
@Suite struct KoreanGoldenTests {
    static func korean(_ state: AppState) -> AppState {
        var state = state
        state.language = .ko
        return state
    }

    @Test(arguments: [Size.small, Size.large])
    func overview(size: Size) {
        let state = Self.korean(HallOverviewTests.arena(size))
        let canvas = Renderer.render(state)
        Golden.check(canvas, "ko-hall-overview-arena-\(size.name)")
        #expect(canvas.text().contains("전체 보기") && canvas.text().contains("확대"))
        Self.expectClosedBoxes(canvas)
    }

    @Test(arguments: [Size.small, Size.large])
    func liveSales(size: Size) {
        let canvas = Renderer.render(Self.korean(LiveSalesTests.dashboard(size)))
        Golden.check(canvas, "ko-sales-live-\(size.name)")
        #expect(canvas.text().contains("분당 판매 매수"))
        Self.expectClosedBoxes(canvas)
    }

    @Test(arguments: [Size.small, Size.large])
    func overviewHelp(size: Size) {
        let canvas = Renderer.render(Fixture.reduce(Self.korean(HallOverviewTests.arena(size)), .toggleHelp))
        Golden.check(canvas, "ko-help-overview-\(size.name)")
        #expect(canvas.text().contains("단축키 · 공연장 전체 보기"))
    }

    @Test func tooSmall() {
        let state = Fixture.reduce(Self.korean(HallOverviewTests.arena(.small)), .resized(Size(width: 70, height: 20)))
        let text = Renderer.render(state).text()
        #expect(text.contains("터미널 창이 너무 작습니다") && text.contains("최소 80×24"))
    }

    /// Every row that ends in a box's right edge ends in the same column, and none runs past the
    /// screen: a Hangul cell counted wrong would push that edge along its row.
    static func expectClosedBoxes(_ canvas: Canvas) {
        var edges = Set<Int>()
        for y in 0..<canvas.height {
            let line = canvas.line(y)
            #expect(DisplayWidth.of(line) <= canvas.width, "line \(y): \(line)")
            if let last = line.last, "│┐┘".contains(last) { edges.insert(DisplayWidth.of(line)) }
        }
        #expect(edges.count == 1, "right edges at \(edges.sorted())")
    }
}

@Suite struct LanguageTests {
    @Test func theFlagWinsThenLCAllThenLang() {
        #expect(Language.from(environment: ["LANG": "ko_KR.UTF-8"], flag: nil) == .ko)
        #expect(Language.from(environment: ["LC_ALL": "en_US.UTF-8", "LANG": "ko_KR.UTF-8"], flag: nil) == .en)
        #expect(Language.from(environment: ["LC_ALL": "ko_KR.UTF-8"], flag: "en") == .en)
        #expect(Language.from(environment: [:], flag: "ko") == .ko)
        #expect(Language.from(environment: ["LANG": "C.UTF-8"], flag: nil) == .en)
    }

    @Test func placeholdersAndFallback() {
        #expect(Language.ko.text("{0} of {1} sold", "3", "10") == "10석 중 3석 판매")
        #expect(Language.en.text("{0} of {1} sold", "3", "10") == "3 of 10 sold")
        #expect(Language.ko.text("a sentence nobody translated") == "a sentence nobody translated")
    }

    @Test func everyKoreanEntryKeepsItsPlaceholders() {
        for (english, korean) in Language.korean {
            for i in 0..<4 where english.contains("{\(i)}") {
                #expect(korean.contains("{\(i)}"), "\(english) → \(korean)")
            }
        }
    }
}

@Suite struct KoreanHallGoldenTests {
    @Test(arguments: [Size.small, Size.large])
    func zoomedArena(size: Size) {
        let state = KoreanGoldenTests.korean(Fixture.reduce(HallOverviewTests.arena(size), .move(.right), .activate))
        let canvas = Renderer.render(state)
        Golden.check(canvas, "ko-hall-zoomed-arena-\(size.name)")
        #expect(canvas.text().contains("좌석 배치도") && canvas.text().contains("판매 시작까지"))
        KoreanGoldenTests.expectClosedBoxes(canvas)
    }
}

@Suite struct KoreanListGoldenTests {
    @Test(arguments: [Size.small, Size.large])
    func performances(size: Size) {
        let canvas = Renderer.render(KoreanGoldenTests.korean(Fixture.list(size)))
        Golden.check(canvas, "ko-performances-\(size.name)")
        #expect(canvas.text().contains("공연 5개") && canvas.text().contains("판매 중"))
        KoreanGoldenTests.expectClosedBoxes(canvas)
    }
}

@Suite struct KoreanSellerGoldenTests {
    @Test(arguments: [Size.small, Size.large])
    func settlement(size: Size) {
        var state = KoreanGoldenTests.korean(Fixture.list(size, as: Fixture.seller))
        state = Fixture.reduce(state, .showSettlements, .settlementsLoaded(SellerGoldens.periods))
        let canvas = Renderer.render(state)
        Golden.check(canvas, "ko-settlement-\(size.name)")
        let text = canvas.text()
        #expect(text.contains("정산 · 기간별 지급액") && text.contains("마감") && text.contains("진행 중"))
        #expect(text.contains("3개 기간"))
    }
}
