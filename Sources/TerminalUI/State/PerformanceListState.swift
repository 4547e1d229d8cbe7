import Foundation
import TicketingProtocol

/// The performance list: rows in start order, the highlighted one and the first visible one.
public struct PerformanceListState: Sendable, Equatable {
    public var items: [PerformanceDTO] = []
    public var selected = 0
    public var scroll = 0
    /// False until the first answer, so "no performances" is not shown while loading.
    public var loaded = false

    public init() {}

    public var current: PerformanceDTO? {
        items.indices.contains(selected) ? items[selected] : nil
    }

    /// Replaces the rows, soonest first and those already started last, keeping the same
    /// performance highlighted when it is still listed.
    mutating func replace(with performances: [PerformanceDTO], now: Date) {
        let keep = current?.id
        items = performances.sorted {
            ($0.startsAt <= now ? 1 : 0, $0.startsAt, $0.title) < ($1.startsAt <= now ? 1 : 0, $1.startsAt, $1.title)
        }
        selected = keep.flatMap { id in items.firstIndex { $0.id == id } } ?? 0
        loaded = true
    }

    mutating func select(_ index: Int, visibleRows: Int) {
        guard !items.isEmpty else { return }
        selected = min(max(0, index), items.count - 1)
        scroll = Table.scroll(keeping: selected, visible: visibleRows, current: scroll)
    }
}

/// Where a performance's sale stands at `now`.
public enum SalePhase: Sendable, Equatable {
    case opensIn(seconds: Int)
    case onSale
    case closed

    public init(_ performance: PerformanceDTO, now: Date) {
        if now >= performance.startsAt {
            self = .closed
        } else if now < performance.saleOpensAt {
            self = .opensIn(seconds: TimeText.secondsUntil(performance.saleOpensAt, from: now))
        } else {
            self = .onSale
        }
    }
}
