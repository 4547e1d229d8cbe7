import Foundation
import Logging

/// The access log line of every request: the same ECS JSON object the `Logger` writes through
/// `ECSLogHandler` (same keys, in byte order, same escaping), written straight into bytes. Going
/// through `Logger` built a metadata dictionary of seven interpolated strings, merged it into a
/// field list and sorted it again for every request: ~10 % of a queue request's CPU
/// (BENCHMARKS.md).
struct AccessLog: Sendable {
    let label: String
    let sink: LogSink
    let level: Logger.Level

    struct Entry {
        var method: String
        var path: String
        var route: String
        var status: Int
        var nanoseconds: Int64
        var requestId: String
        var client: String
    }

    func write(_ entry: Entry, at date: Date = Date()) {
        let lineLevel: Logger.Level = entry.status >= 500 ? .error : .info
        guard level <= lineLevel else { return }
        sink.emit(line(entry, level: lineLevel, at: date), urgent: lineLevel >= .error)
    }

    /// Keys in byte order, as `ECSLine` sorts them.
    func line(_ entry: Entry, level lineLevel: Logger.Level, at date: Date) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(384)
        func field(_ key: StaticString, _ value: String, first: Bool = false) {
            out.append(UInt8(ascii: first ? "{" : ","))
            Self.key(key, &out)
            ECSLine.append(value, to: &out)
        }
        func number(_ key: StaticString, _ value: Int64) {
            out.append(UInt8(ascii: ","))
            Self.key(key, &out)
            out.append(contentsOf: String(value).utf8)
        }
        field("@timestamp", LogTimestamp.string(date), first: true)
        field("client.address", entry.client)
        field("ecs.version", "8.11.0")
        number("event.duration", entry.nanoseconds)
        field("http.request.method", entry.method)
        number("http.response.status_code", Int64(entry.status))
        field("http.route", entry.route)
        field("log.level", lineLevel.rawValue)
        field("log.logger", label)
        field("message", "\(entry.method) \(entry.route) \(entry.status)")
        field("trace.id", entry.requestId)
        field("url.path", entry.path)
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    private static func key(_ key: StaticString, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }
}
