import Foundation

/// An order's seat ids and coupons are read back on every pay, status poll and order list, and a
/// `JSONDecoder` per blob was most of that read (BENCHMARKS.md). What `encode` writes for a list
/// of plain ids — printable ASCII, nothing to unescape — is read by hand; anything else (an
/// escape, non-ASCII, an unexpected byte) goes through `decode`, which also reports the errors.
extension BlobCoding {
    public static func decodeStrings(from data: Data) throws -> [String] {
        if let plain = plainStrings(data) { return plain }
        return try decode([String].self, from: data)
    }

    /// `[]` without a decoder; any other list through `decode`.
    public static func decodeList<T: Decodable>(_ type: [T].Type, from data: Data) throws -> [T] {
        if data.count == 2, data.first == UInt8(ascii: "["), data.last == UInt8(ascii: "]") { return [] }
        return try decode(type, from: data)
    }

    /// The bytes `JSONEncoder` writes for a list of plain ids (printable ASCII without a quote,
    /// a backslash or a slash, which it would escape), written by hand: seat ids are encoded on
    /// every hold and order. nil for any other list.
    static func plainList(_ strings: [String]) -> Data? {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(2 + strings.reduce(0) { $0 + $1.utf8.count + 3 })
        for (k, string) in strings.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            for byte in string.utf8 {
                guard (0x20...0x7E).contains(byte), byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"),
                      byte != UInt8(ascii: "/") else { return nil }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "]"))
        return Data(bytes)
    }

    private static func plainStrings(_ data: Data) -> [String]? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [String]? in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard bytes.count >= 2, bytes[0] == UInt8(ascii: "["), bytes[bytes.count - 1] == UInt8(ascii: "]") else {
                return nil
            }
            let end = bytes.count - 1
            var strings: [String] = []
            var index = 1
            if index == end { return strings }
            while true {
                guard index < end, bytes[index] == UInt8(ascii: "\"") else { return nil }
                let start = index + 1
                index = start
                while index < end, bytes[index] != UInt8(ascii: "\"") {
                    // Printable ASCII but the backslash: the bytes are the string.
                    guard (0x20...0x7E).contains(bytes[index]), bytes[index] != UInt8(ascii: "\\") else { return nil }
                    index += 1
                }
                guard index < end else { return nil }
                strings.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                index += 1
                if index == end { return strings }
                guard bytes[index] == UInt8(ascii: ",") else { return nil }
                index += 1
            }
        }
    }
}
