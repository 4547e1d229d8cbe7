import Foundation

/// A response body that writes its own JSON: the bytes `WireJSON.encode` writes for it (sorted
/// keys, nil fields left out, slashes unescaped, RFC 3339 times) without building a
/// `JSONEncoder` and boxing every field — the encoder was the largest JSON cost of a request in
/// the rush (BENCHMARKS.md). Each conformance is checked byte for byte against `WireJSON.encode`.
public protocol WireWritable: Encodable {
    func write(to object: inout WireObject)
}

extension WireWritable {
    public var wireJSON: Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        append(to: &bytes)
        return Data(bytes)
    }

    func append(to bytes: inout [UInt8]) {
        var object = WireObject(bytes: bytes)
        bytes = []
        object.open()
        write(to: &object)
        bytes = object.close()
    }
}

/// One JSON object being written. Keys must be given in the order `.sortedKeys` puts them.
public struct WireObject {
    fileprivate var bytes: [UInt8]
    private var first = true

    fileprivate init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    fileprivate mutating func open() {
        bytes.append(UInt8(ascii: "{"))
    }

    fileprivate mutating func close() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\":".utf8)
    }

    public mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        WireBytes.appendString(value, to: &bytes)
    }

    public mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// `JSONEncoder`'s digits: the shortest round-trip form, without a trailing ".0". For a
    /// non-finite number `JSONEncoder` throws and the whole body was `{}`; here only that field
    /// is `null`.
    public mutating func field(_ name: StaticString, _ value: Double) {
        key(name)
        guard value.isFinite else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    public mutating func field(_ name: StaticString, _ value: Date) {
        key(name)
        WireBytes.appendString(RFC3339.format(value), to: &bytes)
    }

    public mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            WireBytes.appendString(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func field(_ name: StaticString, _ value: some WireWritable) {
        key(name)
        value.append(to: &bytes)
    }

    public mutating func field(_ name: StaticString, _ values: [some WireWritable]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            value.append(to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    // Optionals: a nil field is left out, as `JSONEncoder` leaves it out.
    public mutating func field(_ name: StaticString, _ value: String?) {
        if let value { field(name, value) }
    }

    public mutating func field(_ name: StaticString, _ value: Int?) {
        if let value { field(name, value) }
    }

    public mutating func field(_ name: StaticString, _ value: Bool?) {
        if let value { field(name, value) }
    }

    public mutating func field(_ name: StaticString, _ value: Double?) {
        if let value { field(name, value) }
    }

    public mutating func field(_ name: StaticString, _ values: [String]?) {
        if let values { field(name, values) }
    }

    public mutating func field(_ name: StaticString, _ value: Date?) {
        if let value { field(name, value) }
    }

    public mutating func field(_ name: StaticString, _ value: (some WireWritable)?) {
        if let value { field(name, value) }
    }
}
