import Foundation

/// What the sandbox answers to one request, before it becomes an HTTP response.
struct SandboxReply: Sendable, Equatable {
    var status: Int
    var body: Data
    /// Close the connection without writing any response (the "response lost" faults).
    var dropConnection = false
    var replayed = false

    static func error(_ error: TossError) -> SandboxReply {
        let body = (try? JSONEncoder().encode(error)) ?? Data()
        return SandboxReply(status: error.status, body: body)
    }

    static func json(_ value: some Encodable, status: Int = 200) -> SandboxReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return SandboxReply(status: status, body: (try? encoder.encode(value)) ?? Data("{}".utf8))
    }

    static let dropped = SandboxReply(status: 0, body: Data(), dropConnection: true)

    /// Only final answers are kept for an idempotency key: a 5xx means nothing happened, so a
    /// retry with the same key must run again rather than replay the failure.
    var isFinal: Bool { status < 500 }
}

/// A finished reply kept under an idempotency key, with the body it answered.
struct StoredReply: Codable, Sendable, Equatable {
    var scope: String
    var fingerprint: String
    var status: Int
    var body: Data
    var dropConnection: Bool

    var reply: SandboxReply {
        SandboxReply(status: status, body: body, dropConnection: dropConnection, replayed: true)
    }
}
