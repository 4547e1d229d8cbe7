import Foundation
import Testing
@testable import TerminalUI

/// Tables in Korean at 80×24: headers and cells are measured in display cells, so a Hangul header
/// sits over its column and right-aligned amounts end where their header ends.
@Suite struct KoreanColumnsTests {
    /// Where `token` starts and ends on `line`, in display cells.
    static func cells(_ token: String, in line: String) -> (start: Int, end: Int)? {
        guard let range = line.range(of: token) else { return nil }
        let start = DisplayWidth.of(line[..<range.lowerBound])
        return (start, start + DisplayWidth.of(token))
    }

    static func korean(_ screen: String) throws -> [String] {
        let found = try #require(EveryScreenGoldenTests.screens.first { $0.name == screen })
        var state = found.build(.small)
        state.language = .ko
        let canvas = Renderer.render(state)
        return (0..<canvas.height).map { canvas.line($0) }
    }

    @Test func ordersLineUpUnderTheirHangulHeaders() throws {
        let lines = try Self.korean("orders")
        let header = try #require(lines.first { $0.contains("합계") && $0.contains("상태") })
        let rows = lines.filter { $0.contains("₩280,000") && $0.contains("2026-") }
        #expect(rows.count == 2)
        let total = try #require(Self.cells("합계", in: header))
        let status = try #require(Self.cells("상태", in: header))
        let ordered = try #require(Self.cells("주문 일시", in: header))
        for row in rows {
            #expect(Self.cells("₩280,000", in: row)?.end == total.end, "\(row)")
            #expect(Self.cells("결제", in: row)?.start == status.start, "\(row)")
            #expect(Self.cells("2026-", in: row)?.start == ordered.start, "\(row)")
        }
    }

    @Test func sellerCouponsLineUpUnderTheirHangulHeaders() throws {
        let lines = try Self.korean("coupons-seller")
        let header = try #require(lines.first { $0.contains("할인") && $0.contains("남음") })
        let left = try #require(Self.cells("남음", in: header))
        let scope = try #require(Self.cells("적용", in: header))
        for (row, count) in [("얼리버드", "37/50"), ("R석 15%", "0/20"), ("Students", "180/200")] {
            let line = try #require(lines.first { $0.contains(row) })
            #expect(Self.cells(count, in: line)?.end == left.end, "\(line)")
            #expect(Self.cells(line.contains("주문당") ? "주문당" : "매당", in: line)?.start == scope.start, "\(line)")
        }
    }
}
