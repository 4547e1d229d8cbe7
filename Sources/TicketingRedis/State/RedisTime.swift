import Foundation

/// Scripts take the time as an argument (milliseconds since the epoch) rather than reading
/// Redis's clock: the caller injects it, as everywhere else in the domain.
enum RedisTime {
    static func milliseconds(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    static func date(milliseconds: Int) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}

extension RedisValue {
    /// The reply of a script that answers `{tag, …}`.
    func tagged(_ script: String) throws -> (tag: String, rest: [RedisValue]) {
        guard let items = array, let tag = items.first?.string else {
            throw RedisError.unexpectedReply("\(script) replied \(self)")
        }
        return (tag, Array(items.dropFirst()))
    }

    func integers(_ script: String) throws -> [Int] {
        guard let items = array else { throw RedisError.unexpectedReply("\(script) replied \(self)") }
        return try items.map { item in
            guard let value = item.int else { throw RedisError.unexpectedReply("\(script) replied \(self)") }
            return value
        }
    }
}
