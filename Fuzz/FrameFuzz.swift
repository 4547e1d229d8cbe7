// libFuzzer entry for the WebSocket frame parser and message assembler, compiled by
// scripts/libfuzzer.sh together with the transport's parser sources (no SwiftPM target).

/// Invariants: nothing traps, every frame consumes bytes within the input, payloads respect the
/// cap, control frames are short and final, and whole text messages are valid UTF-8.
@_cdecl("LLVMFuzzerTestOneInput")
public func frameFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parser = WSFrameParser(maxPayload: 512)
    var assembler = WSMessageAssembler(maxMessage: 1024)
    var offset = 0
    while offset < bytes.count {
        let result = Array(bytes[offset...]).withUnsafeBytes { parser.parse($0) }
        guard case .frame(let frame, let consumed) = result else { return 0 }
        precondition(consumed > 0 && offset + consumed <= bytes.count && frame.payload.count <= 512)
        if frame.isControl { precondition(frame.fin && frame.payload.count <= 125) }
        offset += consumed
        switch assembler.accept(frame) {
        case .failure: return 0
        case .success(.message(let opcode, let payload)):
            precondition(payload.count <= 1024)
            if opcode == 1 { precondition(String(validating: payload, as: UTF8.self) != nil) }
        case .success(.close(let code, _)):
            precondition(code == 1005 || (1000...4999).contains(code))
            return 0
        case .success:
            continue
        }
    }
    return 0
}
