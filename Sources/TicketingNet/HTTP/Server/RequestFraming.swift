/// How a request's body is delimited (RFC 9112 §6.3), decided from the head alone.
public enum BodyFraming: Sendable, Equatable {
    case none
    case length(Int)
    case chunked

    /// Refuses the ambiguous heads that request smuggling is made of, and bodies declared over
    /// `maxBody` before a byte of them is read.
    public static func of(_ head: RequestHead, maxBody: Int) -> Result<BodyFraming, HeadProblem> {
        let codings = head.values("Transfer-Encoding")
        let lengths = head.values("Content-Length")
        if !codings.isEmpty {
            guard lengths.isEmpty else { return .failure(.lengthAndChunked) }
            guard head.minorVersion == 1 else { return .failure(.malformed("Transfer-Encoding needs HTTP/1.1")) }
            let tokens = codings.flatMap { $0.split(separator: ",") }
                .map { $0.trimmingWhitespace() }
            guard tokens.count == 1, RequestHead.sameName(tokens[0], "chunked") else {
                return .failure(.unsupportedTransferCoding)
            }
            return .success(.chunked)
        }
        guard !lengths.isEmpty else { return .success(.none) }
        guard lengths.count == 1, let declared = parseLength(lengths[0]) else {
            return .failure(.malformed("Content-Length must be one decimal number"))
        }
        if declared > maxBody { return .failure(.bodyTooLarge) }
        return .success(declared == 0 ? .none : .length(declared))
    }

    /// Digits only (no sign, no list), and no more than 18 of them so it cannot overflow.
    public static func parseLength(_ text: String) -> Int? {
        let utf8 = text.utf8
        guard (1...18).contains(utf8.count), utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return utf8.reduce(0) { $0 * 10 + Int($1 - 48) }
    }
}

extension StringProtocol {
    public func trimmingWhitespace() -> String {
        let utf8 = Array(self.utf8)
        var lower = 0
        var upper = utf8.count
        while lower < upper, utf8[lower] == 32 || utf8[lower] == 9 { lower += 1 }
        while upper > lower, utf8[upper - 1] == 32 || utf8[upper - 1] == 9 { upper -= 1 }
        return String(decoding: utf8[lower..<upper], as: UTF8.self)
    }
}

/// Chunked transfer coding decoded incrementally with bounds: a chunk-size line of at most
/// `maxLineBytes`, at most `maxBody` bytes of data in total and a trailer section no larger
/// than a head may be. Pure, so it can be fuzzed without sockets.
public struct ChunkedDecoder: Sendable {
    public enum Step: Sendable, Equatable {
        /// Needs more bytes; `consumed` of the offered ones were used.
        case needMore(consumed: Int)
        /// The body is complete after `consumed` bytes.
        case done(consumed: Int)
        case failed(HeadProblem)
    }

    private enum State: Sendable, Equatable {
        case sizeLine
        case data(remaining: Int)
        case dataCRLF
        case trailers
    }

    public let maxBody: Int
    public let maxLineBytes = 1024
    public let maxTrailerBytes: Int
    private var state = State.sizeLine
    private var trailerBytes = 0
    public private(set) var body: [UInt8] = []

    public init(maxBody: Int, maxTrailerBytes: Int) {
        self.maxBody = maxBody
        self.maxTrailerBytes = maxTrailerBytes
    }

    /// Feeds the bytes not yet consumed; call again with the unconsumed rest plus new bytes.
    public mutating func feed(_ raw: UnsafeRawBufferPointer) -> Step {
        let bytes = raw.bindMemory(to: UInt8.self)
        var index = 0
        while true {
            switch state {
            case .sizeLine:
                guard let end = Self.crlf(in: bytes, from: index, limit: maxLineBytes) else {
                    return bytes.count - index > maxLineBytes + 1 ? .failed(.malformed("a chunk-size line is too long"))
                        : .needMore(consumed: index)
                }
                guard case .some(let size) = Self.chunkSize(UnsafeBufferPointer(rebasing: bytes[index..<end])) else {
                    return .failed(.malformed("a chunk size is not hexadecimal"))
                }
                index = end + 2
                if size == 0 {
                    state = .trailers
                } else {
                    guard size <= maxBody - body.count else { return .failed(.bodyTooLarge) }
                    state = .data(remaining: size)
                }
            case .data(let remaining):
                let available = min(remaining, bytes.count - index)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + available)]))
                index += available
                if available < remaining {
                    state = .data(remaining: remaining - available)
                    return .needMore(consumed: index)
                }
                state = .dataCRLF
            case .dataCRLF:
                guard bytes.count - index >= 2 else { return .needMore(consumed: index) }
                guard bytes[index] == 13, bytes[index + 1] == 10 else {
                    return .failed(.malformed("chunk data must end in CRLF"))
                }
                index += 2
                state = .sizeLine
            case .trailers:
                guard let end = Self.crlf(in: bytes, from: index, limit: maxTrailerBytes - trailerBytes) else {
                    return bytes.count - index > maxTrailerBytes - trailerBytes + 1 ? .failed(.headTooLarge)
                        : .needMore(consumed: index)
                }
                trailerBytes += end + 2 - index
                let empty = end == index
                index = end + 2
                if empty { return .done(consumed: index) }
            }
        }
    }

    private static func crlf(in bytes: UnsafeBufferPointer<UInt8>, from: Int, limit: Int) -> Int? {
        var index = from
        let end = min(bytes.count, from + max(0, limit) + 2)
        while index + 1 < end {
            if bytes[index] == 13, bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// Hex digits, then optional `;extensions` that are ignored; at most 15 digits.
    private static func chunkSize(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        var size = 0
        var digits = 0
        for byte in line {
            let value: Int
            switch byte {
            case 48...57: value = Int(byte - 48)
            case 65...70: value = Int(byte - 55)
            case 97...102: value = Int(byte - 87)
            case 59, 32, 9: return digits == 0 ? nil : size
            default: return nil
            }
            digits += 1
            if digits > 15 { return nil }
            size = size * 16 + value
        }
        return digits == 0 ? nil : size
    }
}
