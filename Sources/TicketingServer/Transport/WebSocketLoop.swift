import FlyingFox
import FlyingSocks
import Foundation
import TicketingNet

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
            wireIn.yield(WebSocketFrame.close(WebSocketClose(code: 1011)).encoded())
            wireIn.finish()
            await writer.value
            return
        }
        let forwarder = Task {
            for await frame in outbound {
                // Routes send only RFC 6455 opcodes; anything else could not be framed.
                guard let opcode = WebSocketOpcode(rawValue: frame.opcode.rawValue) else { continue }
                wireIn.yield(WebSocketFrame(fin: frame.fin, opcode: opcode, payload: [UInt8](frame.payload)).encoded())
                if frame.opcode == .close { break }
            }
            wireIn.finish()
        }
        let parser = WebSocketFrameParser(from: .client, maxPayload: settings.maxWebSocketMessage)
        var assembler = WebSocketMessageAssembler(maxMessage: settings.maxWebSocketMessage)
        reading: while true {
            watch.readBy(reader.isEmpty ? nil : settings.bodyTimeout)
            switch reader.withUnread({ parser.parse($0) }) {
            case .incomplete:
                guard (try? await reader.fill()) ?? false else { break reading }
            case .violation(let violation):
                wireIn.yield(Self.close(violation))
                break reading
            case .frame(let frame, let consumed):
                reader.consume(consumed)
                switch assembler.accept(frame) {
                case .failure(let violation):
                    wireIn.yield(Self.close(violation))
                    break reading
                case .success(.message(let opcode, let payload)):
                    clientIn.yield(WSFrame(fin: true, opcode: WSFrame.Opcode(opcode.rawValue), mask: nil, payload: Data(payload)))
                case .success(.ping(let payload)):
                    wireIn.yield(WebSocketFrame(opcode: .pong, payload: payload).encoded())
                case .success(.close(let close)):
                    // Echo the code (RFC 6455 §5.5.1), then close our side.
                    let echo = close.code == WebSocketClose.noStatusReceived
                        ? WebSocketFrame(opcode: .close, payload: []) : .close(WebSocketClose(code: close.code))
                    wireIn.yield(echo.encoded())
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
                try await socket.writeAll(data, pool: pool)
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

    static func close(_ violation: WebSocketViolation) -> Data {
        WebSocketFrame.close(WebSocketClose(code: violation.code, reason: violation.reason)).encoded()
    }
}
