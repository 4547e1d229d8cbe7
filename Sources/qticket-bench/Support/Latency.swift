import Foundation
import Histogram

/// Latencies in microseconds in an HDR histogram (3 significant digits, up to 10 minutes).
struct Latency: Sendable {
    private(set) var histogram = Histogram<UInt64>(highestTrackableValue: 600_000_000,
                                                   numberOfSignificantValueDigits: .three)

    init() {}

    /// A histogram recorded elsewhere (a rush worker process).
    init(histogram: Histogram<UInt64>) { self.histogram = histogram }

    var count: UInt64 { histogram.totalCount }

    mutating func record(_ duration: Duration) {
        let micros = Self.micros(duration)
        _ = histogram.record(UInt64(max(1, min(micros, 600_000_000))))
    }

    mutating func merge(_ other: Latency) {
        histogram.add(other.histogram)
    }

    /// Milliseconds at `percentile` (0–100).
    func ms(_ percentile: Double) -> Double {
        guard count > 0 else { return .nan }
        return Double(histogram.valueAtPercentile(percentile)) / 1_000
    }

    var maxMs: Double { count > 0 ? Double(histogram.max) / 1_000 : .nan }

    static func micros(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    var nanoseconds: Double {
        Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
    }
}
