import Foundation
import TicketingDomain

/// A value sent as a text-format parameter of `PQexecParams`; the server infers its type from
/// the statement (cast in SQL where it cannot, e.g. `$1::timestamptz`).
public protocol PostgresEncodable: Sendable {
    var postgresText: String { get }
}

/// A value read from a text-format result column.
public protocol PostgresDecodable {
    init(postgresText: String) throws
}

extension String: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { self }
    public init(postgresText: String) { self = postgresText }
}

extension Int: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { String(self) }
    public init(postgresText: String) throws {
        guard let value = Int(postgresText) else { throw PostgresError.decoding("not an integer: \(postgresText)") }
        self = value
    }
}

extension Bool: PostgresEncodable, PostgresDecodable {
    public var postgresText: String { self ? "t" : "f" }
    public init(postgresText: String) throws {
        switch postgresText {
        case "t": self = true
        case "f": self = false
        default: throw PostgresError.decoding("not a boolean: \(postgresText)")
        }
    }
}

extension Double: PostgresDecodable {
    public init(postgresText: String) throws {
        guard let value = Double(postgresText) else { throw PostgresError.decoding("not a number: \(postgresText)") }
        self = value
    }
}

/// `bytea`, in PostgreSQL's hex form `\x0a1b…`.
public struct PostgresBytes: PostgresEncodable, PostgresDecodable, Equatable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var postgresText: String {
        "\\x" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    public init(postgresText: String) throws {
        guard postgresText.hasPrefix("\\x"), postgresText.count % 2 == 0 else {
            throw PostgresError.decoding("not hex bytea: \(postgresText.prefix(16))")
        }
        var bytes: [UInt8] = []
        var index = postgresText.index(postgresText.startIndex, offsetBy: 2)
        while index < postgresText.endIndex {
            let next = postgresText.index(index, offsetBy: 2)
            guard let byte = UInt8(postgresText[index..<next], radix: 16) else {
                throw PostgresError.decoding("not hex bytea: \(postgresText.prefix(16))")
            }
            bytes.append(byte)
            index = next
        }
        self.bytes = bytes
    }
}

/// `timestamptz`. Sessions run with `TimeZone = 'UTC'` and `DateStyle = ISO`, so the server
/// writes `2026-12-05 23:51:43.123456+00`; we send ISO 8601 with a `Z`. Microseconds, as stored.
extension Date: PostgresEncodable, PostgresDecodable {
    public var postgresText: String {
        let totalMicros = Int((timeIntervalSince1970 * 1_000_000).rounded())
        let (days, micros) = totalMicros.floorDivided(by: 86_400_000_000)
        let (year, month, day) = CivilDate.from(daysSinceEpoch: days)
        let seconds = micros / 1_000_000
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let fraction = String(micros % 1_000_000 + 1_000_000).dropFirst()
        return "\(year)-\(two(month))-\(two(day))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)).\(fraction)Z"
    }

    public init(postgresText text: String) throws {
        // yyyy-mm-dd hh:mm:ss[.ffffff]+00
        let fail = PostgresError.decoding("not a UTC timestamp: \(text)")
        guard text.hasSuffix("+00") else { throw fail }
        let body = text.dropLast(3)
        let halves = body.split(separator: " ")
        guard halves.count == 2 else { throw fail }
        let date = halves[0].split(separator: "-").compactMap { Int($0) }
        let clock = halves[1].split(separator: ":")
        guard date.count == 3, clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]) else { throw fail }
        let secondParts = clock[2].split(separator: ".", omittingEmptySubsequences: false)
        guard let second = Int(secondParts[0]) else { throw fail }
        var micros = 0
        if secondParts.count == 2 {
            let digits = String(secondParts[1].prefix(6))
            guard let value = Int(digits) else { throw fail }
            micros = value * Int(pow(10, Double(6 - digits.count)))
        }
        let days = CivilDate.daysSinceEpoch(year: date[0], month: date[1], day: date[2])
        let total = ((days * 86_400 + hour * 3600 + minute * 60 + second) * 1_000_000) + micros
        self = Date(timeIntervalSince1970: Double(total) / 1_000_000)
    }
}

extension Int {
    func floorDivided(by divisor: Int) -> (quotient: Int, remainder: Int) {
        let quotient = (self >= 0 ? self : self - divisor + 1) / divisor
        return (quotient, self - quotient * divisor)
    }
}
