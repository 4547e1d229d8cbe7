/// Reading the access claims without `JSONDecoder`: every authenticated request verifies its
/// bearer token, and decoding the claims was over half of that (BENCHMARKS.md). Only ever
/// given a payload whose signature was checked, so it is JSON this server wrote.
extension AccessClaims {
    /// The claims in the one shape `TokenSigner.sign` writes them (sorted keys, no spaces,
    /// strings without escapes); nil for anything else, which the caller hands to `JSONDecoder`.
    init?(signedPayload bytes: [UInt8]) {
        var reader = ClaimsReader(bytes: bytes)
        guard reader.literal("{\"exp\":"), let exp = reader.integer(),
              reader.literal(",\"kind\":"), let kind = reader.string(),
              reader.literal(",\"role\":"), let role = reader.string(),
              reader.literal(",\"sub\":"), let sub = reader.string(),
              reader.literal("}"), reader.atEnd else { return nil }
        self.init(sub: sub, role: role, exp: exp)
        self.kind = kind
    }
}

private struct ClaimsReader {
    let bytes: [UInt8]
    var at = 0

    var atEnd: Bool { at == bytes.count }

    mutating func literal(_ text: StaticString) -> Bool {
        text.withUTF8Buffer { expected in
            guard bytes.count - at >= expected.count,
                  bytes[at..<(at + expected.count)].elementsEqual(expected) else { return false }
            at += expected.count
            return true
        }
    }

    /// A JSON integer: optional minus, no leading zero, no fraction, within `Int`.
    mutating func integer() -> Int? {
        let negative = at < bytes.count && bytes[at] == UInt8(ascii: "-")
        if negative { at += 1 }
        let start = at
        var value = 0
        while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") {
            // Negative numbers accumulate downwards, so `Int.min` fits.
            let digit = Int(bytes[at] - UInt8(ascii: "0"))
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, carry) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow, !carry else { return nil }
            value = next
            at += 1
        }
        let digits = at - start
        guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        return value
    }

    /// A string without escapes or control characters (anything else is left to `JSONDecoder`).
    mutating func string() -> String? {
        guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
        var end = at + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
            guard bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 else { return nil }
            end += 1
        }
        guard end < bytes.count, let text = String(validating: bytes[(at + 1)..<end], as: UTF8.self) else { return nil }
        at = end + 1
        return text
    }
}
