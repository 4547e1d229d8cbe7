import Foundation

/// Reads one HTTP/1.x response: the head, then a body framed as RFC 9112 §6.3 prescribes.
enum HTTPResponseReader {
    static let maxHeadBytes = 64 * 1024
    static let maxChunkLineBytes = 4 * 1024

    struct Head: Sendable {
        var version: String
        var status: Int
        var headers: [String: String]

        /// Whether the connection may carry another request once this response is read.
        var allowsKeepAlive: Bool {
            let tokens = (headers["connection"] ?? "").lowercased()
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if version == "HTTP/1.1" { return !tokens.contains("close") }
            return tokens.contains("keep-alive")
        }
    }

    /// A response plus whether its framing left the connection reusable.
    struct Result {
        var response: ClientResponse
        var keepAlive: Bool
    }

    static func read(from reader: inout ByteReader, method: String, maxBodyBytes: Int) async throws -> Result {
        var head = try await readHead(from: &reader)
        // Interim responses (100 Continue, 103 Early Hints) precede the real one.
        while (100..<200).contains(head.status), head.status != 101 {
            head = try await readHead(from: &reader)
        }
        let (body, delimited) = try await readBody(for: head, method: method, from: &reader, limit: maxBodyBytes)
        return Result(response: ClientResponse(status: head.status, headers: head.headers, body: Data(body)),
                      keepAlive: delimited && head.allowsKeepAlive)
    }

    static func readHead(from reader: inout ByteReader) async throws -> Head {
        var budget = maxHeadBytes
        let statusLine = try await nextLine(from: &reader, budget: &budget)
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3,
              let status = Int(parts[1]), status >= 100 else {
            throw HTTPClientError.invalidResponse("status line \(statusLine.prefix(80).debugDescription)")
        }
        var headers: [String: String] = [:]
        while true {
            let line = try await nextLine(from: &reader, budget: &budget)
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                  !line[line.startIndex].isWhitespace else {
                throw HTTPClientError.invalidResponse("header line \(line.prefix(80).debugDescription)")
            }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        return Head(version: String(parts[0]), status: status, headers: headers)
    }

    /// The body bytes and whether its end was delimited (rather than marked by the server closing).
    static func readBody(for head: Head, method: String, from reader: inout ByteReader,
                                 limit: Int) async throws -> ([UInt8], Bool) {
        if method.uppercased() == "HEAD" || head.status == 204 || head.status == 304
            || (100..<200).contains(head.status) {
            return ([], true)
        }
        if let encoding = head.headers["transfer-encoding"] {
            let codings = encoding.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if codings.last == "chunked" {
                return (try await readChunked(from: &reader, limit: limit), true)
            }
            return (try await readUntilClose(from: &reader, limit: limit), false)
        }
        if let declared = head.headers["content-length"] {
            let values = Set(declared.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            guard values.count == 1, let text = values.first, !text.isEmpty, text.allSatisfy(\.isASCIIDigit),
                  let length = Int(text) else {
                throw HTTPClientError.invalidResponse("content-length \(declared.debugDescription)")
            }
            guard length <= limit else { throw HTTPClientError.responseTooLarge(limit: limit) }
            return (try await reader.read(exactly: length), true)
        }
        return (try await readUntilClose(from: &reader, limit: limit), false)
    }

    private static func readChunked(from reader: inout ByteReader, limit: Int) async throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try await reader.readLine(limit: maxChunkLineBytes)
            let sizeText = line.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            guard !sizeText.isEmpty, sizeText.count <= 15, sizeText.allSatisfy(\.isHexDigit), let size = Int(sizeText, radix: 16) else {
                throw HTTPClientError.invalidResponse("chunk size \(line.prefix(40).debugDescription)")
            }
            if size == 0 { break }
            guard body.count + size <= limit else { throw HTTPClientError.responseTooLarge(limit: limit) }
            body += try await reader.read(exactly: size)
            guard try await reader.readLine(limit: 2).isEmpty else {
                throw HTTPClientError.invalidResponse("chunk longer than its declared size")
            }
        }
        var budget = maxHeadBytes
        while try await !nextLine(from: &reader, budget: &budget).isEmpty {}
        return body
    }

    private static func readUntilClose(from reader: inout ByteReader, limit: Int) async throws -> [UInt8] {
        do {
            return try await reader.readToEnd(limit: limit)
        } catch is ReadLimitExceeded {
            throw HTTPClientError.responseTooLarge(limit: limit)
        }
    }

    private static func nextLine(from reader: inout ByteReader, budget: inout Int) async throws -> String {
        do {
            let line = try await reader.readLine(limit: max(budget, 0))
            budget -= line.utf8.count + 2
            return line
        } catch is ReadLimitExceeded {
            throw HTTPClientError.invalidResponse("response head larger than \(maxHeadBytes) bytes")
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
