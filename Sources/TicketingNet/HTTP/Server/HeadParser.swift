/// The size rules a request head must keep; breaking one has its own status (414, 431).
public struct HeadLimits: Sendable, Equatable {
    public var maxRequestLine = 8 * 1024
    public var maxHeadBytes = 32 * 1024
    public var maxFields = 100

    public init() {}
}

/// One header field as it came off the wire, name case kept.
public struct HeadField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A parsed request line and its fields; framing (length, chunked) is judged separately.
public struct RequestHead: Sendable, Equatable {
    public var method: String
    public var target: String
    /// 0 for HTTP/1.0, 1 for HTTP/1.1; no other version gets this far.
    public var minorVersion: Int
    public var fields: [HeadField]

    public func values(_ name: String) -> [String] {
        fields.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    public func value(_ name: String) -> String? { values(name).first }

    public static func sameName(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && zip(lhs.utf8, rhs.utf8).allSatisfy { lowered($0) == lowered($1) }
    }

    public static func lowered(_ byte: UInt8) -> UInt8 { (65...90).contains(byte) ? byte | 0x20 : byte }
}

/// Why a head (or its framing) was refused; the transport turns each into a status and JSON body.
public enum HeadProblem: Error, Sendable, Equatable {
    case requestLineTooLong
    case headTooLarge
    case tooManyFields
    case malformed(String)
    case lengthAndChunked
    case unsupportedTransferCoding
    case bodyTooLarge
}

public enum HeadParse: Sendable, Equatable {
    /// Not a whole head yet; nothing refused so far.
    case incomplete
    case complete(RequestHead, consumed: Int)
    case failed(HeadProblem)
}

/// RFC 9112 request heads, parsed in one pass over the bytes with every limit checked before
/// any bytes are copied: a hostile peer can cost at most a bounded buffer and linear work.
public struct HeadParser: Sendable {
    public var limits = HeadLimits()

    /// How far earlier calls got, so feeding bytes as they arrive stays linear in the head's
    /// size however thinly a peer slices it. Reset after every complete head.
    private var requestLineEnd: Int?
    private var scanned = 0

    public init(limits: HeadLimits = HeadLimits()) {
        self.limits = limits
    }

    public mutating func reset() {
        requestLineEnd = nil
        scanned = 0
    }

    /// Looks for a complete head at the start of `bytes` (the same bytes, maybe more of them,
    /// on every call until it answers something other than `.incomplete`).
    public mutating func parse(_ raw: UnsafeRawBufferPointer) -> HeadParse {
        let bytes = raw.bindMemory(to: UInt8.self)
        // RFC 9112 §2.2: an empty line before the request line is ignored (one, not a stream).
        let start = bytes.count >= 2 && bytes[0] == 13 && bytes[1] == 10 ? 2 : 0
        if requestLineEnd == nil {
            let limit = min(bytes.count, start + limits.maxRequestLine + 2)
            var index = max(scanned, start)
            while index + 1 < limit, !(bytes[index] == 13 && bytes[index + 1] == 10) { index += 1 }
            if index + 1 < limit {
                if index == start { return .failed(.malformed("an empty request line")) }
                requestLineEnd = index
                scanned = index
            } else {
                if bytes.count - start > limits.maxRequestLine + 1 { return .failed(.requestLineTooLong) }
                scanned = max(start, bytes.count - 1)
                return .incomplete
            }
        }
        let limit = min(bytes.count, start + limits.maxHeadBytes)
        var index = scanned
        while index + 3 < limit,
              !(bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10) {
            index += 1
        }
        guard index + 3 < limit else {
            if bytes.count - start >= limits.maxHeadBytes { return .failed(.headTooLarge) }
            scanned = max(scanned, bytes.count - 3)
            return .incomplete
        }
        let consumed = index + 4
        reset()
        switch Self.parseHead(UnsafeBufferPointer(rebasing: bytes[start..<(index + 2)]), limits: limits) {
        case .success(let head): return .complete(head, consumed: consumed)
        case .failure(let problem): return .failed(problem)
        }
    }

    /// `lines` is the head without its final blank line: every line ends in CRLF.
    private static func parseHead(_ lines: UnsafeBufferPointer<UInt8>, limits: HeadLimits) -> Result<RequestHead, HeadProblem> {
        var head = RequestHead(method: "", target: "", minorVersion: 1, fields: [])
        var lineStart = 0
        var first = true
        var index = 0
        while index < lines.count {
            guard lines[index] == 13 else {
                if lines[index] == 10 { return .failure(.malformed("a bare LF ends a line; lines end in CRLF")) }
                index += 1
                continue
            }
            guard index + 1 < lines.count, lines[index + 1] == 10 else {
                return .failure(.malformed("a bare CR inside a line"))
            }
            let line = UnsafeBufferPointer(rebasing: lines[lineStart..<index])
            if first {
                if case .failure(let problem) = parseRequestLine(line, into: &head) { return .failure(problem) }
                first = false
            } else {
                if head.fields.count >= limits.maxFields { return .failure(.tooManyFields) }
                switch parseField(line) {
                case .success(let field): head.fields.append(field)
                case .failure(let problem): return .failure(problem)
                }
            }
            index += 2
            lineStart = index
        }
        return first ? .failure(.malformed("no request line")) : .success(head)
    }

    private static func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>, into head: inout RequestHead) -> Result<Void, HeadProblem> {
        guard let firstSpace = line.firstIndex(of: 32) else { return .failure(.malformed("the request line needs method, target and version")) }
        let method = UnsafeBufferPointer(rebasing: line[0..<firstSpace])
        guard !method.isEmpty, method.allSatisfy(isTokenByte) else { return .failure(.malformed("the method is not a token")) }
        let rest = UnsafeBufferPointer(rebasing: line[(firstSpace + 1)...])
        guard let secondSpace = rest.firstIndex(of: 32) else { return .failure(.malformed("the request line needs method, target and version")) }
        let target = UnsafeBufferPointer(rebasing: rest[0..<secondSpace])
        let version = UnsafeBufferPointer(rebasing: rest[(secondSpace + 1)...])
        guard !target.isEmpty, target.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            return .failure(.malformed("the request target must be visible ASCII"))
        }
        // Origin form, `*`, or absolute form (what a client sends through a proxy, RFC 9112
        // §3.2.2; `RequestTarget` takes it apart). This server is no proxy: authority form is refused.
        guard target[0] == 47 || (target.count == 1 && target[0] == 42) || RequestTarget.isAbsolute(target) else {
            return .failure(.malformed("the request target must start with '/' or be an absolute http(s) URI"))
        }
        guard version.count == 8, Array(version[0..<7]) == Array("HTTP/1.".utf8), version[7] == 48 || version[7] == 49 else {
            return .failure(.malformed("only HTTP/1.1 and HTTP/1.0 are served"))
        }
        head.method = String(decoding: method, as: UTF8.self)
        head.target = String(decoding: target, as: UTF8.self)
        head.minorVersion = Int(version[7] - 48)
        return .success(())
    }

    private static func parseField(_ line: UnsafeBufferPointer<UInt8>) -> Result<HeadField, HeadProblem> {
        guard let first = line.first else { return .failure(.malformed("an empty header line")) }
        if first == 32 || first == 9 { return .failure(.malformed("folded header lines are not accepted")) }
        guard let colon = line.firstIndex(of: 58) else { return .failure(.malformed("a header line without ':'")) }
        let name = UnsafeBufferPointer(rebasing: line[0..<colon])
        // RFC 9112 §5.1: whitespace before the colon must be refused (request smuggling).
        guard !name.isEmpty, name.allSatisfy(isTokenByte) else { return .failure(.malformed("a header name is not a token")) }
        var valueStart = colon + 1
        var valueEnd = line.count
        while valueStart < valueEnd, line[valueStart] == 32 || line[valueStart] == 9 { valueStart += 1 }
        while valueEnd > valueStart, line[valueEnd - 1] == 32 || line[valueEnd - 1] == 9 { valueEnd -= 1 }
        let value = UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd])
        guard value.allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) }) else {
            return .failure(.malformed("a header value holds a control character"))
        }
        return .success(HeadField(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
    }

    /// RFC 9110 tchar.
    public static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 48...57, 65...90, 97...122: true
        case 33, 35, 36, 37, 38, 39, 42, 43, 45, 46, 94, 95, 96, 124, 126: true
        default: false
        }
    }
}
