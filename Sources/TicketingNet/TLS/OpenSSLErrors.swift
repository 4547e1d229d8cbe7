import COpenSSL

enum OpenSSLErrors {
    /// This thread's queued OpenSSL errors as text, emptying the queue. Call it in the same
    /// synchronous stretch as the failing call: the queue is per thread, and a task may resume on
    /// another thread after any suspension.
    static func drain() -> String {
        var messages: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            messages.append(describe(code))
        }
        return messages.isEmpty ? "no detail from OpenSSL" : messages.joined(separator: "; ")
    }

    static func describe(_ code: UInt) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // "error:0A000086:SSL routines::certificate verify failed" → the part after the last "::".
        return text.components(separatedBy: "::").last ?? text
    }
}
