import Foundation
import Logging
import Synchronization

/// Where log lines go. A class so tests can capture lines; the mutex keeps lines whole
/// when many tasks log at once. `standardError` writes in batches (`BufferedLogWriter`).
public final class LogSink: Sendable {
    private let write: @Sendable (String) -> Void
    private let buffer: BufferedLogWriter?
    private let lock = Mutex(())

    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = write
        self.buffer = nil
    }

    private init(buffer: BufferedLogWriter) {
        self.write = { _ in }
        self.buffer = buffer
    }

    /// Lines written to `descriptor` in batches: when one fills, every `interval`, at once for
    /// errors, and on `flush()`.
    public static func buffered(descriptor: Int32, interval: Duration = .milliseconds(100)) -> LogSink {
        LogSink(buffer: BufferedLogWriter(descriptor: descriptor, interval: interval))
    }

    public static let standardError: LogSink = {
        let sink = LogSink.buffered(descriptor: STDERR_FILENO)
        // Whatever path ends the process (a command's `exit`, returning from main), nothing
        // buffered is left behind.
        atexit { LogSink.standardError.flush() }
        return sink
    }()

    public static let discard = LogSink { _ in }

    /// `urgent` lines (errors) go out at once rather than with the next batch.
    func emit(_ line: String, urgent: Bool = false) {
        if let buffer {
            buffer.append(line, urgent: urgent)
        } else {
            lock.withLock { _ in write(line) }
        }
    }

    /// Writes out whatever is buffered; a sink without a buffer has nothing to write.
    public func flush() {
        buffer?.flush()
    }
}

/// One JSON object per line with Elastic Common Schema field names, so Filebeat ships
/// it to Elasticsearch without an ingest pipeline.
public struct ECSLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: LogSink

    /// ECS types these as numbers; everything else stays a string.
    private static let numericKeys: Set<String> = [
        "event.duration", "http.response.status_code", "http.request.body.bytes", "http.response.body.bytes",
    ]

    public init(label: String, sink: LogSink) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = ECSLine()
        line["@timestamp"] = .string(LogTimestamp.string(Date()))
        line["log.level"] = .string(event.level.rawValue)
        line["log.logger"] = .string(label)
        line["message"] = .string(event.message.description)
        line["ecs.version"] = .string("8.11.0")
        // Later sources win, as a merge would have it, without building the merged dictionary.
        for source in [metadata, metadataProvider?.get(), event.metadata] {
            for (key, value) in source ?? [:] {
                let text = Self.flatten(value)
                if Self.numericKeys.contains(key), let number = Int(text) {
                    line[key] = .number(number)
                } else {
                    line[key] = .string(text)
                }
            }
        }
        if let error = event.error { line["error.message"] = .string(String(describing: error)) }
        sink.emit(line.json, urgent: event.level >= .error)
    }

    private static func flatten(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): return text
        case .stringConvertible(let convertible): return convertible.description
        case .array(let values): return values.map(flatten).joined(separator: ",")
        case .dictionary(let dict):
            return dict.sorted { $0.key < $1.key }.map { "\($0.key)=\(flatten($0.value))" }.joined(separator: ",")
        }
    }
}

extension Logger {
    public static func ecs(label: String, sink: LogSink, level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: label) { label in ECSLogHandler(label: label, sink: sink) }
        logger.logLevel = level
        return logger
    }
}
