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

    /// Made once: a coder's options never change after this, and building one per call (with
    /// its date closure) was a share of every request body's decode.
    private static let sharedEncoder = encoder()
    private static let sharedDecoder = decoder()

    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        try sharedEncoder.encode(value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try sharedDecoder.decode(type, from: data)
    }
}
