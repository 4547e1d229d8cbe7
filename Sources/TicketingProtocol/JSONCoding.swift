import Foundation

/// One encoder/decoder pair for the whole wire: RFC 3339 UTC times, with or without fractions.
public enum WireJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, enc in
            var container = enc.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { dec in
            let container = try dec.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container,
                    debugDescription: "expected an RFC 3339 time such as 2026-12-24T19:00:00Z, got \(text)")
            }
            return date
        }
        return decoder
    }

    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        try encoder().encode(value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decoder().decode(type, from: data)
    }
}

public enum RFC3339 {
    public static func format(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false)
            .timeZone(separator: .omitted).dateSeparator(.dash).timeSeparator(.colon))
    }

    public static func parse(_ text: String) -> Date? {
        guard hasPlausibleOffset(text) else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// RFC 3339 offsets are ±HH:MM with minutes below 60, and no zone is beyond ±18:00
    /// (`TimeZone`'s limit). Checked here rather than left to Foundation's ISO 8601 parser,
    /// which reads `+09:60` as `+10:00` and whose range checks vary between releases.
    static func hasPlausibleOffset(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard let last = utf8.last else { return false }
        if last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") { return true }
        guard utf8.count >= 6, [UInt8(ascii: "+"), UInt8(ascii: "-")].contains(utf8[utf8.count - 6]),
              utf8[utf8.count - 3] == UInt8(ascii: ":"),
              let hours = Int(String(decoding: utf8[(utf8.count - 5)..<(utf8.count - 3)], as: UTF8.self)),
              let minutes = Int(String(decoding: utf8[(utf8.count - 2)...], as: UTF8.self)) else { return false }
        return hours * 60 + minutes <= 18 * 60 && minutes < 60
    }
}
