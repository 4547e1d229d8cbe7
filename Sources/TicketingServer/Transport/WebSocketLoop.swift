import FlyingFox
import FlyingSocks
import Foundation

/// A WebSocket after the 101: this task parses and checks client frames, one writer task owns
/// the socket's output, and the route's `WSHandler` only ever sees whole, valid messages.
/// Pings are answered here; a violation is answered with its close code, then the socket closes.
struct WebSocketLoop {
    let socket: Socket
    let pool: any AsyncSocketPool
    let watch: ConnectionWatch
    let settings: TransportSettings

    func run(handler: any WSHandler, reader: consuming SocketReader) async {
        var reader = reader
        let (wire, wireIn) = AsyncStream<Data>.makeStream(bufferingPolicy: .bufferingOldest(1024))
        let (client, clientIn) = AsyncThrowingStream<WSFrame, any Error>.makeStream()
        let writer = Task { [socket, pool, watch, settings] in
            await Self.drain(wire, socket: socket, pool: pool, watch: watch, timeout: settings.bodyTimeout)
        }
        let outbound: AsyncStream<WSFrame>
        do {
            outbound = try await handler.makeFrames(for: client)
        } catch {
            wireIn.yield(Self.encode(opcode: 0x8, payload: Self.closePayload(1011, "")))
            wireIn.finish()
            await writer.value
            return
        }
        let forwarder = Task {
            for await frame in outbound {
                wireIn.yield(Self.encode(opcode: frame.opcode.rawValue, payload: [UInt8](frame.payload), fin: frame.fin))
                if frame.opcode == .close { break }
            }
            wireIn.finish()
        }
        let parser = WSFrameParser(maxPayload: settings.maxWebSocketMessage)
        var assembler = WSMessageAssembler(maxMessage: settings.maxWebSocketMessage)
        reading: while true {
            watch.readBy(reader.isEmpty ? nil : settings.bodyTimeout)
            switch reader.withUnread({ parser.parse($0) }) {
            case .incomplete:
                guard (try? await reader.fill()) ?? false else { break reading }
            case .violation(let violation):
                wireIn.yield(Self.encode(opcode: 0x8, payload: Self.closePayload(violation.code, violation.reason)))
                break reading
            case .frame(let frame, let consumed):
                reader.consume(consumed)
                switch assembler.accept(frame) {
                case .failure(let violation):
                    wireIn.yield(Self.encode(opcode: 0x8, payload: Self.closePayload(violation.code, violation.reason)))
                    break reading
                case .success(.message(let opcode, let payload)):
                    clientIn.yield(WSFrame(fin: true, opcode: WSFrame.Opcode(opcode), mask: nil, payload: Data(payload)))
                case .success(.ping(let payload)):
                    wireIn.yield(Self.encode(opcode: 0xA, payload: payload))
                case .success(.close(let code, _)):
                    // Echo the code (RFC 6455 §5.5.1), then close our side.
                    wireIn.yield(Self.encode(opcode: 0x8, payload: code == 1005 ? [] : Self.closePayload(code, "")))
                    break reading
                case .success(.pong), .success(.none):
                    continue
                }
            }
        }
        watch.readBy(nil)
        clientIn.finish()
        wireIn.finish()
        await writer.value
        forwarder.cancel()
    }

    private static func drain(_ wire: AsyncStream<Data>, socket: Socket, pool: any AsyncSocketPool,
                              watch: ConnectionWatch, timeout: Duration) async {
        for await data in wire {
            watch.writeBy(timeout)
            do {
                var sent = data.startIndex
                while sent < data.endIndex {
                    do {
                        sent = try socket.write(data, from: sent)
                    } catch SocketError.blocked {
                        try await pool.suspendSocket(socket, untilReadyFor: .write)
                    }
                }
            } catch {
                break
            }
            watch.writeBy(nil)
            if data.count >= 2, data[data.startIndex] == 0x88 { break }
        }
        watch.writeBy(nil)
        // Our close is out (or the peer is gone): no more reading either.
        watch.cut()
    }

    static func closePayload(_ code: UInt16, _ reason: String) -> [UInt8] {
        [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8.prefix(123))
    }

    /// Server frames are never masked (RFC 6455 §5.1).
    static func encode(opcode: UInt8, payload: [UInt8], fin: Bool = true) -> Data {
        var frame: [UInt8] = [(fin ? 0x80 : 0) | opcode]
        switch payload.count {
        case ..<126: frame.append(UInt8(payload.count))
        case ..<65536: frame += [126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default:
            frame.append(127)
            for shift in stride(from: 56, through: 0, by: -8) { frame.append(UInt8((UInt64(payload.count) >> UInt64(shift)) & 0xFF)) }
        }
        frame += payload
        return Data(frame)
    }
}
