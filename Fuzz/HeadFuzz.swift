// libFuzzer entry for the HTTP head parser, body framing and chunked decoder, compiled by
// scripts/libfuzzer.sh together with the transport's parser sources (no SwiftPM target).

/// Invariants: nothing traps, the parser's answer does not depend on how the bytes were sliced
/// into reads, and `consumed` never runs past the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func headFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let step = Int(bytes[0] % 17) + 1
    var limits = HeadLimits()
    // Small limits so the fuzzer reaches every limit branch with short inputs.
    limits.maxRequestLine = 64 + Int(bytes[0] % 64)
    limits.maxHeadBytes = 256 + Int(bytes[0]) * 4
    limits.maxFields = 1 + Int(bytes[0] % 12)
    let input = Array(bytes.dropFirst())

    var whole = HeadParser(limits: limits)
    let wholeResult = input.withUnsafeBytes { whole.parse($0) }
    var sliced = HeadParser(limits: limits)
    var slicedResult = HeadParse.incomplete
    var end = 0
    while end < input.count {
        end = min(input.count, end + step)
        slicedResult = Array(input[0..<end]).withUnsafeBytes { sliced.parse($0) }
        if slicedResult != .incomplete { break }
    }
    // A prefix may already be refused (a long line) before the whole is; otherwise they agree.
    if case .failed = slicedResult {} else if slicedResult != wholeResult { fatalError("slicing changed the result") }
    guard case .complete(let head, let consumed) = wholeResult else { return 0 }
    precondition(consumed <= input.count)
    guard case .success(.chunked) = BodyFraming.of(head, maxBody: 4096) else { return 0 }
    var decoder = ChunkedDecoder(maxBody: 4096, maxTrailerBytes: limits.maxHeadBytes)
    var pending = Array(input[consumed...])
    while true {
        switch pending.withUnsafeBytes({ decoder.feed($0) }) {
        case .needMore(let used):
            precondition(used <= pending.count)
            return 0
        case .done(let used):
            precondition(used <= pending.count && decoder.body.count <= 4096)
            pending.removeFirst(used)
            return 0
        case .failed:
            return 0
        }
    }
}
