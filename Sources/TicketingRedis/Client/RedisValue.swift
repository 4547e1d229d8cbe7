/// One RESP2 reply, as hiredis parsed it.
public enum RedisValue: Sendable, Equatable, CustomStringConvertible {
    case status(String)
    case error(String)
    case integer(Int)
    case bulk([UInt8])
    case null
    case array([RedisValue])

    /// A bulk or status reply as UTF-8 text, an integer as its digits.
    public var string: String? {
        switch self {
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        case .status(let text): text
        case .integer(let value): String(value)
        default: nil
        }
    }

    /// An integer reply, or a bulk reply holding a decimal integer (Lua numbers come back as bulks
    /// when a script stores them with `tostring`).
    public var int: Int? {
        switch self {
        case .integer(let value): value
        case .bulk, .status: string.flatMap { Int($0) }
        default: nil
        }
    }

    public var array: [RedisValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var isNull: Bool { self == .null }

    public var description: String {
        switch self {
        case .status(let text): "+\(text)"
        case .error(let text): "-\(text)"
        case .integer(let value): ":\(value)"
        case .bulk: "\"\(string ?? "")\""
        case .null: "(nil)"
        case .array(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

public enum RedisError: Error, Sendable, Equatable {
    /// The socket failed, timed out or the server closed it; the connection is dropped.
    case connection(String)
    /// The server answered with an error reply (`ERR …`, `NOSCRIPT …`, a script's `error_reply`).
    case server(String)
    /// A reply did not have the shape a wrapper expected.
    case unexpectedReply(String)
    case invalidURL(String)
}
