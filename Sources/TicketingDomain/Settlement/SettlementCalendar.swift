import Foundation

/// A settlement period: `[start, end)`.
public struct SettlementPeriod: Hashable, Sendable {
    public var start: Date
    public var end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    public func contains(_ date: Date) -> Bool { start <= date && date < end }
}

/// Cuts time into periods of a fixed whole number of seconds anchored at the Unix epoch, so a
/// one-day length gives UTC days and any length gives the same boundaries on every node.
public struct SettlementCalendar: Hashable, Sendable {
    public static let day = SettlementCalendar(unchecked: 86_400)

    /// Closing runs once a minute, so a shorter period could not close on time.
    public static let minimumPeriodSeconds = 60

    public let periodSeconds: Int

    /// nil for a length under `minimumPeriodSeconds`.
    public init?(periodSeconds: Int) {
        guard periodSeconds >= Self.minimumPeriodSeconds else { return nil }
        self.periodSeconds = periodSeconds
    }

    private init(unchecked seconds: Int) { periodSeconds = seconds }

    public func period(containing date: Date) -> SettlementPeriod {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let index = seconds >= 0 ? seconds / periodSeconds : (seconds - periodSeconds + 1) / periodSeconds
        let start = Date(timeIntervalSince1970: TimeInterval(index * periodSeconds))
        return SettlementPeriod(start: start, end: start.addingTimeInterval(TimeInterval(periodSeconds)))
    }

    /// Where an event at `occurredAt` is booked when everything before `closedUntil` is closed:
    /// its own period while that is open, otherwise the first open one, as an adjustment
    /// (a refund after close, or an event delivered late). Closed statements never change.
    public func landingPeriod(for occurredAt: Date, closedUntil: Date?) -> SettlementPeriod {
        guard let closedUntil, occurredAt < closedUntil else { return period(containing: occurredAt) }
        return period(containing: closedUntil)
    }

    /// The new closing watermark for "close every period that ended by `until`": the start of
    /// the period holding `until` (a period ending exactly at `until` has ended). Never moves
    /// back, and never past `now`, since a period still running cannot be settled.
    public func closingBoundary(until: Date, now: Date, current: Date?) -> Date {
        let boundary = period(containing: min(until, now)).start
        guard let current else { return boundary }
        return max(current, boundary)
    }
}
