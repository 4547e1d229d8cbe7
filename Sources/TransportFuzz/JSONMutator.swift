/// Breaks JSON bodies the ways clients and attackers do: wrong types, huge or odd numbers,
/// deep nesting, truncation, invalid UTF-8 and stray bytes.
enum JSONMutator {
    static func mutate(_ body: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        let text = String(decoding: body, as: UTF8.self)
        switch Int.random(in: 0..<12, using: &rng) {
        case 0: return Array(text.replacingOccurrences(of: "\"buyer\"", with: "1").replacingOccurrences(of: "\"A-1\"", with: "{}").utf8)
        case 1: return Array(replaceFirstValue(text, with: rng.pick(["1e400", "-0", "99999999999999999999999999999", "-9223372036854775809", "1.5", "NaN", "0x10", "true", "null", "[]", "{}"])).utf8)
        case 2:
            let depth = Int.random(in: 100...20_000, using: &rng)
            return Array(String(repeating: "[", count: depth).utf8) + Array(String(repeating: "]", count: depth).utf8)
        case 3:
            let depth = Int.random(in: 100...5_000, using: &rng)
            return Array(String(repeating: "{\"a\":", count: depth).utf8) + Array("1".utf8) + Array(String(repeating: "}", count: depth).utf8)
        case 4: return Array(body.prefix(Int.random(in: 0...max(0, body.count), using: &rng)))
        case 5:
            var bytes = body
            let invalid: [[UInt8]] = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]]
            bytes.insert(contentsOf: rng.pick(invalid), at: Int.random(in: 0...bytes.count, using: &rng))
            return bytes
        case 6: return Array("\"\(String(repeating: "\\u0000", count: Int.random(in: 1...1000, using: &rng)))\"".utf8)
        case 7: return Array(replaceFirstValue(text, with: "\"\(String(repeating: "x", count: Int.random(in: 1...200_000, using: &rng)))\"").utf8)
        case 8: return Array(text.replacingOccurrences(of: "}", with: ",\"extra\":[1,2,{\"b\":null}]}").utf8)
        case 9: return Array((text + text).utf8)
        case 10:
            var bytes = body
            if !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            return bytes
        default: return Array(replaceFirstValue(text, with: "\"\\ud800\"").utf8)
        }
    }

    private static func replaceFirstValue(_ text: String, with value: String) -> String {
        guard let colon = text.firstIndex(of: ":") else { return value }
        let after = text[text.index(after: colon)...]
        guard let end = after.firstIndex(where: { $0 == "," || $0 == "}" }) else { return value }
        return String(text[...colon]) + value + String(after[end...])
    }
}
